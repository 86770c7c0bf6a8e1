package dev.casguard.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.platform.DatabaseClock;
import dev.casguard.providers.CheckResult;
import dev.casguard.providers.FailureKind;
import dev.casguard.testing.CasguardDeployment;
import dev.casguard.testing.Database;
import dev.casguard.testing.TestPorts;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the container: the fence every validation source records through. A result whose
 * validation started before the stored one's never replaces it, whatever order they finish in.
 */
@ExtendWith(ArquillianExtension.class)
class ValidationFenceIT {

    @Deployment
    static WebArchive deployment() {
        // Database finds the test PostgreSQL through the tests' list of ports
        return CasguardDeployment.war().addClasses(ValidationFenceIT.class, Database.class, TestPorts.class)
                .addAsResource(TestPorts.FILE);
    }

    @Inject
    ValidationRecorder recorder;

    @Inject
    DatabaseClock clock;

    private static UUID backend(OffsetDateTime validatedAt) {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        Database.execute("insert into organization (id, name, created_at) values ('" + org + "', 'fence-"
                + org.toString().substring(0, 8) + "', clock_timestamp())");
        Database.execute("insert into cas_backend (id, organization_id, name, provider, location, max_bytes,"
                + " validation_status, validated_at, created_at, updated_at) values ('" + id + "', '" + org
                + "', 'fenced', 'INLINE', '', 512000, 'OK', '" + validatedAt + "', clock_timestamp(), clock_timestamp())");
        return id;
    }

    private static List<String> stored(UUID id) {
        return Database.rows("select validation_status, validation_error from cas_backend where id = '" + id + "'").get(0);
    }

    @Test
    void anOlderValidationNeverOverwritesANewerResult() throws Exception {
        OffsetDateTime now = clock.now();
        UUID id = backend(now);

        boolean stale = recorder.record(id, now.minusSeconds(5), CheckResult.failed(FailureKind.TIMEOUT, "slow old check"),
                ValidationSource.CHECKER);
        assertFalse(stale, "a validation that started earlier than the stored one is discarded");
        assertEquals("OK", stored(id).get(0));

        boolean same = recorder.record(id, now, CheckResult.failed(FailureKind.TIMEOUT, "same instant"), ValidationSource.CHECKER);
        assertFalse(same, "equal start times do not overwrite either");

        boolean newer = recorder.record(id, now.plusSeconds(1), CheckResult.failed(FailureKind.DENIED, "denied"),
                ValidationSource.REQUEST_PATH);
        assertTrue(newer);
        assertEquals("Invalid", stored(id).get(0));
        assertEquals("denied", stored(id).get(1));

        assertFalse(recorder.record(id, now.plusNanos(500_000_000), CheckResult.passed(), ValidationSource.API),
                "an orphaned run finishing late changes nothing");
        assertEquals("Invalid", stored(id).get(0));
        assertEquals("1", Database.rows("select count(*) from cas_backend_event where backend_id = '" + id + "'")
                .get(0).get(0), "only the stored change wrote an event");
    }
}
