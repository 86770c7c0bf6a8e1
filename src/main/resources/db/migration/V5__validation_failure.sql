-- The kind of a backend's last failure (contract v1.1 validationFailure: denied, not-found,
-- refused-by-policy, invalid-configuration, tls, unreachable, timeout, throttled, provider-error);
-- null while OK and for results recorded before kinds existed.
alter table cas_backend add column validation_failure text;
alter table cas_backend_event add column validation_failure text;
