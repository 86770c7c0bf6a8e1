-- Request-path revalidation claims: the instance that claims a stale default backend runs the one
-- provider check; others wait for its result. A claim expires on its own (claim_until), so a
-- crashed claimant blocks nobody beyond one validation timeout. revalidation_claimed_at also
-- rate-limits re-checks of an Invalid backend to one per failed-retry interval, cluster-wide.
alter table cas_backend add column revalidation_claimed_at timestamptz;
alter table cas_backend add column revalidation_claim_until timestamptz;

-- The request path reads an organization's default and fallback in one indexed read.
create index cas_backend_roles on cas_backend (organization_id) where deleted_at is null and (is_default or is_fallback);
