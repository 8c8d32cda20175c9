"""ai-images: an image whose C2PA manifest lives only at a remote URL is never fetched.

The image is signed here with c2pa-python's Builder (``set_no_embed`` + ``set_remote_url``) and a
throwaway ES256 chain (a CA and an end-entity certificate) made with ``cryptography``; the
manifest is served from a loopback HTTP server that counts its requests.
"""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.images import inspect_image
from cdnet.analysis.images.provenance import read_manifest_store

c2pa = pytest.importorskip("c2pa")

DETECTOR = get("ai-images")
AI_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cdnet test suite"),
        ]
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
) -> x509.Certificate:
    """A CA certificate (``issuer`` None: self-signed) or an end-entity one for C2PA claims."""
    now = datetime.now(UTC)
    is_ca = issuer is None
    usage = dict.fromkeys(
        ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement"), False
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(subject) if issuer is None else issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
                **usage,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if not is_ca:  # C2PA wants a signing EKU on the end entity, and its issuer's key id
        eku = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION])
        builder = builder.add_extension(eku, critical=False).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def throwaway_signer() -> Any:
    """An ES256 c2pa Signer whose chain (end entity, then CA) was made a moment ago."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("cdnet test CA", ca_key, None, ca_key)
    signer_cert = _certificate("cdnet test signer", key, ca, ca_key)
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (signer_cert, ca))
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, private, None))


def sign_remote_only(remote_url: str) -> tuple[bytes, bytes]:
    """A small JPEG claiming AI generation in a manifest kept *only* at ``remote_url``.

    Returns the image bytes (no manifest inside, just the URL) and the manifest bytes to serve.
    """
    manifest = {
        "claim_generator_info": [{"name": "cdnet-tests", "version": "1"}],
        "title": "remote.jpg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": AI_MEDIA}]},
            }
        ],
    }
    source = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 90)).save(source, "JPEG")
    source.seek(0)
    builder = c2pa.Builder(json.dumps(manifest))
    builder.set_no_embed()
    builder.set_remote_url(remote_url)
    signed = io.BytesIO()
    store = builder.sign(throwaway_signer(), "image/jpeg", source, signed)
    return signed.getvalue(), bytes(store)


@dataclass
class ManifestServer:
    """A loopback HTTP server that serves one manifest and counts every request."""

    body: bytes = b""
    requests: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/m.c2pa"


@pytest.fixture
def manifest_server() -> Iterator[ManifestServer]:
    state = ManifestServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/c2pa")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def remote_image(tmp_path: Path, manifest_server: ManifestServer) -> Path:
    image, store = sign_remote_only(manifest_server.url)
    manifest_server.body = store
    path = tmp_path / "remote.jpg"
    path.write_bytes(image)
    return path


def test_the_signed_image_holds_only_the_url_and_the_served_manifest_is_real(
    remote_image: Path, manifest_server: ManifestServer
) -> None:
    data = remote_image.read_bytes()
    assert manifest_server.url.encode() in data
    assert b"jumb" not in data and b"c2pa.actions" not in data  # no manifest store inside
    assert b"c2pa.actions" in manifest_server.body and b"c2pa.signature" in manifest_server.body


def test_a_reader_allowed_to_fetch_would_request_the_manifest(
    remote_image: Path, manifest_server: ManifestServer
) -> None:
    """The counting server does see a fetch when the SDK is allowed one: the zero below means
    something."""
    settings = c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": True}})
    try:
        reader = c2pa.Reader(str(remote_image), context=c2pa.Context(settings))
        reader.close()
    except c2pa.C2paError:
        pass  # fetched, then e.g. an untrusted chain: the request is what counts here
    assert manifest_server.requests == ["/m.c2pa"]


def test_the_cascade_records_the_remote_url_without_fetching_it(
    remote_image: Path, manifest_server: ManifestServer
) -> None:
    assert read_manifest_store(remote_image) == {"remote_manifest": manifest_server.url}
    readout = inspect_image(remote_image)
    assert ("c2pa", f"remote_manifest={manifest_server.url}") in {
        (s.source, s.value) for s in readout.signals
    }
    assert (readout.verdict, readout.score, readout.decided_by) == ("unknown", 0.0, None)
    assert manifest_server.requests == []


def test_the_detector_reports_the_url_and_no_verdict_the_local_bytes_cannot_support(
    remote_image: Path, manifest_server: ManifestServer, engine: Any
) -> None:
    table = remote_image.parent / "images.parquet"
    rows = {"image_id": ["remote"], "path": [remote_image.name], "text": ["Generated with AI"]}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()}), table)
    with Tables({"images": [table]}, engine) as tables:
        (found,) = DETECTOR.findings(tables, DETECTOR.make_config({}))
    assert (found["verdict"], found["score"], found["unlabelled"]) == ("unknown", 0.0, False)
    assert {"source": "c2pa", "value": f"remote_manifest={manifest_server.url}"} in found["signals"]
    assert manifest_server.url in found["explanation"]
    assert manifest_server.requests == []
