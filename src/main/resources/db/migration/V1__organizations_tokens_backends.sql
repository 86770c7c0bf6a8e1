-- Organizations, their API tokens and their CAS backends, with validation state and history.
-- Soft deletes keep history; uniqueness holds among live rows only (partial unique indexes).

create table organization (
    id          uuid primary key,
    name        varchar(63) not null,
    created_at  timestamptz not null,
    deleted_at  timestamptz
);
create unique index organization_live_name on organization (name) where deleted_at is null;

create table api_token (
    id               uuid primary key,
    organization_id  uuid not null references organization (id),
    name             varchar(63) not null,
    digest           char(64) not null,  -- hex SHA-256 of the token; the token itself is never stored
    created_at       timestamptz not null,
    revoked_at       timestamptz
);
create unique index api_token_digest on api_token (digest);
create unique index api_token_live_name on api_token (organization_id, name) where revoked_at is null;

create table cas_backend (
    id                     uuid primary key,
    organization_id        uuid not null references organization (id),
    name                   varchar(63) not null,
    provider               varchar(16) not null,
    location               varchar(512) not null,
    description            varchar(1024),
    is_default             boolean not null default false,
    is_fallback            boolean not null default false,
    max_bytes              bigint not null,
    credentials            bytea,           -- AES-256-GCM ciphertext; null for INLINE and once deleted
    validation_status      varchar(16) not null,
    validation_error       varchar(1024),
    validated_at           timestamptz,     -- when the stored result's validation started (the fence)
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    deleted_at             timestamptz,
    constraint cas_backend_not_both check (not (is_default and is_fallback))
);
create unique index cas_backend_live_name on cas_backend (organization_id, name) where deleted_at is null;
create unique index cas_backend_one_default on cas_backend (organization_id) where is_default and deleted_at is null;
create unique index cas_backend_one_fallback on cas_backend (organization_id) where is_fallback and deleted_at is null;

create table cas_backend_event (
    id               bigint generated always as identity primary key,
    backend_id       uuid not null references cas_backend (id),
    at               timestamptz not null,
    previous_status  varchar(16),
    new_status       varchar(16) not null,
    error            varchar(1024),
    recovery         boolean not null,
    source           varchar(16) not null,
    instance         varchar(255) not null
);
create index cas_backend_event_by_backend on cas_backend_event (backend_id, at desc, id desc);
