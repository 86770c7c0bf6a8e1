import dev.casguard.security.CredentialCipher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A fleet of OCI backends written straight into the database, for ticks too large to create
 * through the API in a benchmark's time: CSV for psql's \copy into organization and cas_backend.
 * Credentials are sealed by casguard's own {@link CredentialCipher} under CASGUARD_SECRETS_KEY, so
 * the instance decrypts and checks them like any others. Backend i belongs to organization
 * i / PER_ORG and lives on HOSTS[i % HOSTS.length] as repository fleet/b&lt;i&gt;; ids are derived
 * from i, so a later run extends the fleet, and {@link BareChecker} visits the same backends.
 *
 *   seed FIRST COUNT PER_ORG HOSTS(host:port,...) USER PASS ORG_CSV BACKEND_CSV
 */
final class FleetSeed {

    private FleetSeed() {
    }

    static String location(String[] hosts, int i) {
        return hosts[i % hosts.length] + "/fleet/b" + i;
    }

    static void run(String[] a) throws IOException {
        int first = Integer.parseInt(a[1]);
        int count = Integer.parseInt(a[2]);
        int perOrg = Integer.parseInt(a[3]);
        String[] hosts = a[4].split(",");
        String credentials = "{\"username\":\"" + a[5] + "\",\"password\":\"" + a[6] + "\"}";
        CredentialCipher cipher = CredentialCipher.under(System.getenv("CASGUARD_SECRETS_KEY"));
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        HexFormat hex = HexFormat.of();
        try (BufferedWriter orgs = Files.newBufferedWriter(Path.of(a[7]), StandardCharsets.UTF_8);
                BufferedWriter backends = Files.newBufferedWriter(Path.of(a[8]), StandardCharsets.UTF_8)) {
            for (int i = first; i < first + count; i++) {
                int org = i / perOrg;
                UUID orgId = id("org-" + org);
                if (i % perOrg == 0) { // FIRST is a multiple of PER_ORG when extending a fleet
                    orgs.write(orgId + ",fleet-o" + org + "," + now + "\n");
                }
                UUID backendId = id("backend-" + i);
                byte[] sealed = cipher.encrypt(backendId, credentials);
                // id, organization_id, name, provider, location, max_bytes, credentials, status, validated_at, created, updated
                backends.write(backendId + "," + orgId + ",b" + i + ",OCI," + location(hosts, i) + ",104857600,\\x"
                        + hex.formatHex(sealed) + ",OK," + now + "," + now + "," + now + "\n");
            }
        }
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
