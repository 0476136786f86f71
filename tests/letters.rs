//! The whole text of one reminder letter per tone (friendly, firm, final),
//! as `remind` prints it for the SPEC 6 example invoice: 1,500.00 issued
//! 2026-10-01 on net 30 with a 5% late fee and 1.5%/month interest, so 75.00
//! of fee and 1500 x 18% / 365 a day of interest (0.74 for 1 day, 10.36 for
//! 14, 22.19 for 30), signed by member `me`.

mod common;

use common::Env;

fn book() -> Env {
    let env = Env::new();
    {
        let at = env.runner(&["--as-of", "2026-10-01"]);
        at(&["init", "--name", "Alex Rivera", "--email", "alex@studio.example"]);
        at(&[
            "add-client",
            "acme",
            "--name",
            "Acme Corp",
            "--contact",
            "Jane Doe <jane@acme.example>",
            "--terms",
            "net30",
            "--late-fee",
            "5%",
            "--interest",
            "1.5%/month",
        ]);
        at(&["add-invoice", "acme", "1500", "--issued", "2026-10-01"]);
    }
    env
}

const FRIENDLY: &str = r"Subject: Friendly reminder: invoice INV-0001 was due 2026-10-31

Hello Jane Doe,

I hope all is well. A quick note that invoice INV-0001 was due on 2026-10-31 and I have not yet received payment in full; it may simply have slipped through.

  Invoice INV-0001 of 2026-10-01, due 2026-10-31
  Amount:        USD 1,500.00
  Outstanding:   USD 1,500.00
  Late fee:      USD 75.00
  Interest:      USD 0.74 (to 2026-11-01)
  Total now due: USD 1,575.74

As agreed, the terms in force for this invoice are:
- payment due 30 days after the invoice date (net 30)
- a late fee of 5% of the balance once overdue
- interest of 1.5% per month on the overdue balance

Could you let me know when I can expect payment? If it is already on its way, thank you, and please ignore this note.

Thank you,
Alex Rivera
";

const FIRM: &str = r"Subject: Invoice INV-0001 is now 14 days overdue

Hello Jane Doe,

I am following up on invoice INV-0001, which was due on 2026-10-31 and is now 14 days overdue.

  Invoice INV-0001 of 2026-10-01, due 2026-10-31
  Amount:        USD 1,500.00
  Outstanding:   USD 1,500.00
  Late fee:      USD 75.00
  Interest:      USD 10.36 (to 2026-11-14)
  Total now due: USD 1,585.36

As agreed, the terms in force for this invoice are:
- payment due 30 days after the invoice date (net 30)
- a late fee of 5% of the balance once overdue
- interest of 1.5% per month on the overdue balance

Please arrange payment of the total now due this week, or tell me by return when it will be paid.

Thank you,
Alex Rivera
";

const FINAL: &str = r"Subject: Final reminder: invoice INV-0001 is 30 days overdue

Hello Jane Doe,

This is my final reminder about invoice INV-0001, due on 2026-10-31 and now 30 days overdue.

  Invoice INV-0001 of 2026-10-01, due 2026-10-31
  Amount:        USD 1,500.00
  Outstanding:   USD 1,500.00
  Late fee:      USD 75.00
  Interest:      USD 22.19 (to 2026-11-30)
  Total now due: USD 1,597.19

As agreed, the terms in force for this invoice are:
- payment due 30 days after the invoice date (net 30)
- a late fee of 5% of the balance once overdue
- interest of 1.5% per month on the overdue balance

Please pay the total now due within 7 days. If something is getting in the way, could we have a quick phone call this week to talk it through? I would much rather find a solution together.

Thank you,
Alex Rivera
";

#[test]
fn each_tone_is_one_whole_letter_with_exact_figures() {
    let env = book();
    for (day, letter) in
        [("2026-11-01T09:00", FRIENDLY), ("2026-11-14T09:00", FIRM), ("2026-11-30T09:00", FINAL)]
    {
        env.run(&["--as-of", day, "remind", "INV-0001"]).status(1).stdout(letter);
    }
}
