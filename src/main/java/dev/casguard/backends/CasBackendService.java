package dev.casguard.backends;

import dev.casguard.platform.DatabaseClock;
import dev.casguard.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactional changes to an organization's backends and their roles. Role changes clear the
 * role elsewhere before setting it, so the partial unique indexes hold at every statement; a
 * default that stops being one hands over to the fallback, else to an INLINE backend.
 */
@ApplicationScoped
public class CasBackendService {

    @Inject
    CasBackendRepository backends;

    @Inject
    CredentialCipher cipher;

    @Inject
    DatabaseClock clock;

    @Inject
    ValidationRecorder recorder;

    /** Stores a backend whose credentials passed a check that started at {@code checkedAt}. */
    @Transactional
    public CasBackend create(UUID organizationId, BackendRequest request, String location, long maxBytes,
            JsonObject credentials, OffsetDateTime checkedAt) {
        OffsetDateTime now = clock.now();
        UUID id = UUID.randomUUID();
        CasBackend backend = new CasBackend(id, organizationId, request.name(), request.provider(), location,
                request.description().orElse(null), maxBytes, checkedAt, now);
        if (credentials != null) {
            backend.storeCredentials(cipher.encrypt(id, credentials.toString()));
        }
        boolean fallback = request.isFallback().orElse(false);
        boolean makeDefault = request.isDefault().orElse(!fallback && !backends.hasDefault(organizationId));
        if (makeDefault) {
            backends.clearDefault(organizationId, id);
        }
        if (fallback) {
            backends.clearFallback(organizationId, id);
        }
        backend.assignRoles(makeDefault, fallback);
        backends.add(backend);
        backends.flush();
        recorder.created(backend, ValidationSource.API);
        return backend;
    }

    /** Applies a patch whose new credentials, if any, passed a check that started at {@code checkedAt}. */
    @Transactional
    public CasBackend update(UUID organizationId, String name, BackendRequest patch, JsonObject credentials,
            OffsetDateTime checkedAt) {
        CasBackend backend = backends.require(organizationId, name);
        OffsetDateTime now = clock.now();
        if (patch.descriptionGiven()) {
            backend.describe(patch.description().orElse(null));
        }
        if (patch.maxBytes().isPresent()) {
            backend.limit(BackendRequest.maxBytesFor(backend.provider(), patch.maxBytes()));
        }
        if (credentials != null) {
            backend.storeCredentials(cipher.encrypt(backend.id(), credentials.toString()));
        }
        reassignRoles(backend, patch.isDefault(), patch.isFallback());
        backend.touch(now);
        backends.flush();
        return backend;
    }

    @Transactional
    public void delete(UUID organizationId, String name) {
        CasBackend backend = backends.require(organizationId, name);
        boolean wasDefault = backend.isDefault();
        backend.delete(clock.now());
        backends.flush();
        if (wasDefault) {
            backends.successorOf(organizationId, backend.id()).ifPresent(backends::promoteToDefault);
        }
    }

    private void reassignRoles(CasBackend backend, Optional<Boolean> wantDefault, Optional<Boolean> wantFallback) {
        boolean wasDefault = backend.isDefault();
        boolean newDefault = wantDefault.orElse(wasDefault);
        boolean newFallback = wantFallback.orElse(backend.isFallback());
        if (newDefault && newFallback) {
            // Only one role was asked for explicitly: taking it gives up the other.
            if (wantDefault.isPresent()) {
                newFallback = false;
            } else {
                newDefault = false;
            }
        }
        if (newDefault == wasDefault && newFallback == backend.isFallback()) {
            return;
        }
        UUID org = backend.organizationId();
        backend.assignRoles(false, false);
        backends.flush();
        if (wasDefault && !newDefault) {
            backends.successorOf(org, backend.id()).ifPresent(backends::promoteToDefault);
        }
        if (newDefault) {
            backends.clearDefault(org, backend.id());
        }
        if (newFallback) {
            backends.clearFallback(org, backend.id());
        }
        backend.assignRoles(newDefault, newFallback);
        backends.flush();
    }
}
