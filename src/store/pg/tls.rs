//! TLS to the server, as `sslmode` asks: `prefer` and `require` encrypt
//! without verifying the certificate (as libpq does without a root
//! certificate; the handshake's signatures are still checked), `require`
//! with a root certificate and `verify-ca` check the chain, `verify-full`
//! the chain and the host name. The roots come from `sslrootcert` (a PEM
//! file, or `system` for the system's store), else `~/.postgresql/root.crt`.
//! rustls with the ring provider: no OpenSSL to link.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::connect::{Server, Tls};
use crate::store::StoreError;

/// The client side of TLS for `tls` (not `Disable`).
pub(super) fn client_config(
    server: &Server,
    tls: Tls,
    root_cert: Option<&str>,
) -> Result<rustls::ClientConfig, StoreError> {
    let provider = || Arc::new(rustls::crypto::ring::default_provider());
    let roots = root_store(server, tls, root_cert)?;
    let verifier: Arc<dyn ServerCertVerifier> = match (tls, roots) {
        (Tls::VerifyFull, Some(roots)) => {
            rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .map_err(|e| server.bad(e))?
        }
        (_, Some(roots)) => Arc::new(AnyName(
            rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .map_err(|e| server.bad(e))?,
        )),
        (_, None) => Arc::new(NoVerify(rustls::crypto::ring::default_provider())),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| server.bad(e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The trusted roots: from `sslrootcert` (a PEM file, or `system` for the
/// system's store), else `~/.postgresql/root.crt` when it exists. None
/// means not verifying (`prefer` and `require` without a root file); the
/// verifying modes need one.
fn root_store(server: &Server, tls: Tls, given: Option<&str>) -> Result<Option<RootCertStore>, StoreError> {
    if tls == Tls::Prefer {
        // Encrypted when the server offers it, never verified (libpq's prefer).
        return Ok(None);
    }
    let default = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql/root.crt"));
    let file = match given {
        Some("system") => {
            let mut roots = RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            return Ok(Some(roots));
        }
        Some(path) => Some(PathBuf::from(path)),
        None => default.filter(|p| p.is_file()),
    };
    let Some(file) = file else {
        if matches!(tls, Tls::VerifyCa | Tls::VerifyFull) {
            return Err(server.bad(
                "sslmode verify-ca and verify-full need the server's root certificate: add sslrootcert=FILE (or sslrootcert=system) to the URI, or put it in ~/.postgresql/root.crt",
            ));
        }
        return Ok(None);
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&file)
        .and_then(Iterator::collect::<Result<_, _>>)
        .map_err(|e| server.bad(format!("root certificate {}: {e}", file.display())))?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(server.bad(format!("root certificate {}: no certificate in it", file.display())));
    }
    Ok(Some(roots))
}

/// `verify-ca`: the chain must lead to a trusted root; the name is not
/// checked.
#[derive(Debug)]
struct AnyName(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require`: encrypted, the certificate not verified (as
/// libpq does without a root certificate); the handshake's signatures are
/// still checked.
#[derive(Debug)]
struct NoVerify(rustls::crypto::CryptoProvider);

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifying_modes_need_a_root_certificate() {
        let s =
            Server::parse("postgres://db/x?sslmode=verify-full&sslrootcert=/nonexistent/root.crt").unwrap();
        let e = root_store(&s, Tls::VerifyFull, Some("/nonexistent/root.crt")).unwrap_err();
        assert!(e.to_string().contains("root certificate /nonexistent/root.crt"), "{e}");
    }
}
