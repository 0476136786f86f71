#!/usr/bin/env bash
# Start-up cost of a read-only command on a small database (SPEC 11: within
# 2 ms of the process start-up floor). Builds a 50-client database with the
# release binary, then times `expect clients` beside `sqlite3 DB 'select 1'`
# with hyperfine (median of many runs, same machine, same minute).
#
#   cargo build --release && examples/bench_startup.sh
set -euo pipefail
bin=${EXPECT_BIN:-target/release/expect}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export EXPECT_DB=$dir/expect.db EXPECT_CONFIG=$dir/none.toml TZ=UTC
for i in $(seq -w 1 50); do
  "$bin" -q add-client "client-$i" --name "Client $i" --contact "Person $i <p$i@client$i.example>"
done
"$bin" clients | wc -l
hyperfine -N -i --warmup 20 --runs 200 --export-markdown "$dir/result.md" \
  "sqlite3 $EXPECT_DB 'select 1'" \
  "$bin clients" \
  "$bin check" >/dev/null
cat "$dir/result.md"
