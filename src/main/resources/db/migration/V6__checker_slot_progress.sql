-- When the checker last started validating each backend, per scope: a tick that takes over a slot
-- whose holder was lost skips the backends already validated in that slot.
alter table cas_backend add column defaults_checked_at timestamptz;
alter table cas_backend add column all_checked_at timestamptz;
