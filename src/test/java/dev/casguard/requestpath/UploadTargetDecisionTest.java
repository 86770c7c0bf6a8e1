package dev.casguard.requestpath;

import static dev.casguard.backends.ValidationStatus.Invalid;
import static dev.casguard.backends.ValidationStatus.OK;
import static dev.casguard.requestpath.UploadTargetDecision.needsRevalidation;
import static dev.casguard.requestpath.UploadTargetDecision.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.backends.ValidationStatus;
import dev.casguard.requestpath.UploadTargetDecision.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The upload decision's rules, without a database. */
class UploadTargetDecisionTest {

    private static final Optional<ValidationStatus> NONE = Optional.empty();

    @Test
    void anOkDefaultIsTheTargetWhateverTheFallback() {
        assertEquals(Optional.of(Role.DEFAULT), pick(Optional.of(OK), Optional.of(OK)));
        assertEquals(Optional.of(Role.DEFAULT), pick(Optional.of(OK), Optional.of(Invalid)));
        assertEquals(Optional.of(Role.DEFAULT), pick(Optional.of(OK), NONE));
    }

    @Test
    void anInvalidDefaultFallsBackOnlyToAnOkFallback() {
        assertEquals(Optional.of(Role.FALLBACK), pick(Optional.of(Invalid), Optional.of(OK)));
        assertEquals(Optional.empty(), pick(Optional.of(Invalid), Optional.of(Invalid)));
        assertEquals(Optional.empty(), pick(Optional.of(Invalid), NONE));
    }

    @Test
    void withoutADefaultTheFallbackStillServes() {
        // the first filter refuses an organization without a default before this rule is asked
        assertEquals(Optional.of(Role.FALLBACK), pick(NONE, Optional.of(OK)));
        assertEquals(Optional.empty(), pick(NONE, NONE));
    }

    @Test
    void aDefaultIsRevalidatedWhenStaleOrInvalid() {
        assertFalse(needsRevalidation(Optional.of(OK), false), "fresh and OK: one read, no check");
        assertTrue(needsRevalidation(Optional.of(OK), true), "older than the window");
        assertTrue(needsRevalidation(Optional.of(Invalid), false), "Invalid, however fresh");
        assertFalse(needsRevalidation(NONE, true), "nothing to revalidate");
    }
}
