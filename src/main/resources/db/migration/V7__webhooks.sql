-- Organizations' webhook subscriptions and their deliveries. A status change writes its deliveries
-- in the transaction that writes its event (an outbox); instances claim due ones with a lease.

create table webhook (
    id               uuid primary key,
    organization_id  uuid not null references organization (id),
    url              varchar(2048) not null,
    events           varchar(256) not null,   -- comma-separated event types
    description      varchar(1024),
    secret           bytea not null,          -- AES-256-GCM ciphertext of the signing secret, bound to id
    created_at       timestamptz not null
);
create index webhook_organization on webhook (organization_id);

create table webhook_delivery (
    id                uuid primary key,        -- also the webhook-id header: stable across attempts
    webhook_id        uuid not null references webhook (id) on delete cascade,
    organization_id   uuid not null,
    organization      varchar(63) not null,    -- its name: what the outbound policy's allow-list names
    event             varchar(64) not null,
    payload           text not null,           -- the exact body, built once: every attempt signs the same bytes
    status            varchar(16) not null,    -- pending, delivered, failed
    attempts          integer not null default 0,
    failures          integer not null default 0,  -- failed attempts since it last became pending
    pending_since     timestamptz not null,
    next_attempt_at   timestamptz,
    lease_until       timestamptz,             -- an attempt under way on leased_by until then
    leased_by         varchar(255),
    last_status_code  integer,
    last_error        varchar(1024),
    created_at        timestamptz not null,
    delivered_at      timestamptz,
    delivered_by      varchar(255)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_listing on webhook_delivery (webhook_id, created_at desc);
create index webhook_delivery_pending_age on webhook_delivery (created_at) where status = 'pending';
create index webhook_delivery_ended on webhook_delivery (created_at) where status <> 'pending';
