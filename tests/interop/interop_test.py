"""Interoperability: the suite's contracts used from another gRPC stack (Python grpcio, C core), not from .NET.

Generated from the .proto files of proto/ by grpc_tools.protoc (tests/interop/run does that), against the six
services started on the real local stack. Environment: CRED_TLS_DIR (the development mTLS PKI), the CRED_ENDPOINT_*
variables of services.env, CRED_INTEROP_GENERATED (where the generated modules are), CRED_REPOSITORY_ROOT.
"""
import os
import re
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.environ["CRED_INTEROP_GENERATED"])

import grpc  # noqa: E402  (Debian's python3-grpcio)

import google  # noqa: E402  (Debian's python3-protobuf)

# The generated grpc.health.v1, grpc.reflection.v1 and google.rpc modules live beside the installed grpc and protobuf
# packages (tests/interop/run generates them into _ext).
grpc.__path__.append(os.path.join(os.environ["CRED_INTEROP_GENERATED"], "_ext", "grpc"))
google.__path__.append(os.path.join(os.environ["CRED_INTEROP_GENERATED"], "_ext", "google"))

from credentials.common.v1 import pki_pb2, verification_pb2  # noqa: E402
from credentials.csca.v1 import csca_service_pb2, csca_service_pb2_grpc  # noqa: E402
from credentials.document_signer.v1 import document_signer_service_pb2 as signer_pb2  # noqa: E402
from credentials.document_signer.v1 import document_signer_service_pb2_grpc as signer_grpc  # noqa: E402
from credentials.trust_anchor.v1 import trust_anchor_service_pb2 as trust_pb2  # noqa: E402
from credentials.trust_anchor.v1 import trust_anchor_service_pb2_grpc as trust_grpc  # noqa: E402
from google.rpc import status_pb2  # noqa: E402  (tests/interop/protos/google/rpc/status.proto)
from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from grpc.reflection.v1 import reflection_pb2, reflection_pb2_grpc  # noqa: E402

TLS = os.environ["CRED_TLS_DIR"]
ROOT = os.environ["CRED_REPOSITORY_ROOT"]
DEADLINE = 30.0

# service name (scripts/lib/services.sh) -> proto folder under proto/credentials/
SERVICES = {
    "csca": "csca",
    "document-signer": "document_signer",
    "trust-anchor": "trust_anchor",
    "dtc": "dtc",
    "pkd": "pkd",
    "ledger": "ledger",
}

# The Doc 9303 Part 4 specimen MRZ (TD3), as DG1 (Part 10 section 4.7.1): 61 5B 5F1F 58 <88 characters>.
MRZ = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" + "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
DG1 = bytes([0x61, 0x5B, 0x5F, 0x1F, 0x58]) + MRZ.encode("ascii")


def read(name):
    with open(os.path.join(TLS, name), "rb") as handle:
        return handle.read()


def endpoint(service):
    return os.environ["CRED_ENDPOINT_" + service.upper().replace("-", "_")]


def channel(service, identity="admin", ca="ca.crt"):
    """An mTLS channel to a service as the client identity <identity>.crt (None: no client certificate)."""
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(ca),
        private_key=read(identity + ".key") if identity else None,
        certificate_chain=read(identity + ".crt") if identity else None,
    )
    return grpc.secure_channel(endpoint(service), credentials)


def declared_services(area):
    """The service names the .proto files of proto/credentials/<area>/v1 declare (package.Service)."""
    folder = os.path.join(ROOT, "proto", "credentials", area, "v1")
    names = set()
    for file in sorted(os.listdir(folder)):
        if not file.endswith(".proto"):
            continue
        with open(os.path.join(folder, file), encoding="utf-8") as handle:
            text = handle.read()
        package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
        names.update(package + "." + name for name in re.findall(r"^service\s+(\w+)", text, re.M))
    return names


def error_reason(error):
    """The machine-readable reason of a refused call: google.rpc.ErrorInfo in the grpc-status-details-bin trailer."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.type_url.endswith("/google.rpc.ErrorInfo"):
                    return status_pb2.ErrorInfo.FromString(detail.value).reason
    return None


def data_group_2():
    """DG2 stand-in: tag 75 with a two-byte length around random bytes (only its hash is signed)."""
    body = os.urandom(1024)
    return bytes([0x75, 0x82, len(body) >> 8, len(body) & 0xFF]) + body


class InteropTest(unittest.TestCase):
    def test_health_all_six_services_serving_over_mtls(self):
        for service in SERVICES:
            with self.subTest(service=service), channel(service) as ch:
                response = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(service=""), timeout=DEADLINE)
                self.assertEqual(health_pb2.HealthCheckResponse.SERVING, response.status)

    def test_reflection_lists_every_service(self):
        for service, area in SERVICES.items():
            with self.subTest(service=service), channel(service) as ch:
                stub = reflection_pb2_grpc.ServerReflectionStub(ch)
                responses = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=DEADLINE))
                self.assertEqual(1, len(responses))
                self.assertEqual("list_services_response", responses[0].WhichOneof("message_response"))
                listed = {s.name for s in responses[0].list_services_response.service}
                expected = declared_services(area)
                self.assertTrue(expected, f"no service declared in proto/credentials/{area}/v1")
                self.assertTrue(expected <= listed, f"{service} lists {sorted(listed)}, the protos declare {sorted(expected)}")
                self.assertIn("grpc.health.v1.Health", listed)

    def test_verify_document_genuine_valid_tampered_invalid(self):
        csca_id = "interop-" + uuid.uuid4().hex[:12]
        with channel("csca") as ch:
            created = csca_service_pb2_grpc.CscaServiceStub(ch).CreateCsca(
                csca_service_pb2.CreateCscaRequest(
                    request_id=str(uuid.uuid4()), csca_id=csca_id, country="UT", organization="Utopia",
                    common_name="CSCA Utopia (interop)", key_algorithm=pki_pb2.KEY_ALGORITHM_EC_P256),
                timeout=DEADLINE)
            self.assertTrue(created.ListFields(), "CreateCsca answered an empty response")
        with channel("document-signer") as ch:
            signer_grpc.DocumentSignerServiceStub(ch).CreateSignerKey(
                signer_pb2.CreateSignerKeyRequest(
                    request_id=str(uuid.uuid4()), key_algorithm=pki_pb2.KEY_ALGORITHM_EC_P256, document_types=["P"],
                    csca_id=csca_id, activate=True),
                timeout=DEADLINE)
        dg2 = data_group_2()
        with channel("document-signer", identity="personalisation") as ch:
            issued = signer_grpc.DocumentSignerServiceStub(ch).SignSecurityObject(
                signer_pb2.SignSecurityObjectRequest(
                    request_id=str(uuid.uuid4()), document_type="P", document_number="L898902C3",
                    data_groups=[signer_pb2.DataGroup(number=1, content=DG1), signer_pb2.DataGroup(number=2, content=dg2)]),
                timeout=DEADLINE)
        sod = issued.issuance.security_object
        self.assertEqual(0x77, sod[0], "EF.SOD starts with application tag 0x77 (Doc 9303 Part 10 section 4.6.2)")

        tampered = bytearray(dg2)
        tampered[100] ^= 0xFF  # flip every bit: the byte changes whatever it was
        with channel("trust-anchor", identity="relying-party") as ch:
            stub = trust_grpc.TrustAnchorServiceStub(ch)

            def verify(group_2):
                return stub.VerifyDocument(
                    trust_pb2.VerifyDocumentRequest(
                        security_object=sod, printed_mrz=MRZ[:44] + "\n" + MRZ[44:],
                        data_groups=[verification_pb2.DataGroupContent(number=1, content=DG1),
                                     verification_pb2.DataGroupContent(number=2, content=bytes(group_2))]),
                    timeout=DEADLINE)

            # trust-anchor learns of the new CSCA and its first CRL from csca's events: wait for them (bounded).
            deadline = time.monotonic() + 60
            genuine = verify(dg2)
            while genuine.verdict != verification_pb2.VERDICT_VALID and time.monotonic() < deadline:
                time.sleep(1)
                genuine = verify(dg2)
            self.assertEqual(verification_pb2.Verdict.Name(verification_pb2.VERDICT_VALID), verification_pb2.Verdict.Name(genuine.verdict),
                             [(c.name, c.reason) for c in genuine.checks])
            forged = verify(tampered)
            self.assertEqual(verification_pb2.Verdict.Name(verification_pb2.VERDICT_INVALID), verification_pb2.Verdict.Name(forged.verdict))
            self.assertTrue(any(c.status == verification_pb2.CHECK_STATUS_FAIL for c in forged.checks),
                            [(c.name, c.status, c.reason) for c in forged.checks])

    def test_import_trust_material_relying_party_permission_denied(self):
        with channel("trust-anchor", identity="relying-party") as ch:
            with self.assertRaises(grpc.RpcError) as raised:
                trust_grpc.TrustAnchorServiceStub(ch).ImportTrustMaterial(
                    trust_pb2.ImportTrustMaterialRequest(
                        request_id=str(uuid.uuid4()), kind=trust_pb2.TRUST_MATERIAL_KIND_CSCA_CERTIFICATE,
                        content=read("ca.crt"), source="interop", explicitly_trusted=True),
                    timeout=DEADLINE)
        self.assertEqual(grpc.StatusCode.PERMISSION_DENIED, raised.exception.code())
        self.assertEqual("CALLER_NOT_AUTHORIZED", error_reason(raised.exception))

    def test_client_certificate_of_another_ca_refused(self):
        for service in SERVICES:
            with self.subTest(service=service), channel(service, identity="foreign-client") as ch:
                with self.assertRaises(grpc.RpcError) as raised:
                    health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=10)
                self.assertIn(raised.exception.code(), (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAUTHENTICATED))

    def test_connection_without_client_certificate_refused(self):
        for service in SERVICES:
            with self.subTest(service=service), channel(service, identity=None) as ch:
                with self.assertRaises(grpc.RpcError) as raised:
                    health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=10)
                self.assertIn(raised.exception.code(), (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAUTHENTICATED))


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(InteropTest)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    counts = os.environ.get("CRED_INTEROP_RESULTS")
    if counts:
        with open(counts, "w", encoding="ascii") as handle:
            handle.write(f"{passed} {failed} {skipped}\n")
    print(f"interop: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
