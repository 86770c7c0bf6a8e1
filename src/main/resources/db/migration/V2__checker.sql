-- The background checker's cluster-wide cadence and its tick history.

-- One row per scope. last_run_started_at moves only forward, under the scope's advisory lock;
-- a scope is due when the database clock has entered an interval slot after the one of that start.
create table checker_scope (
    scope                varchar(16) primary key,
    last_run_started_at  timestamptz
);
insert into checker_scope (scope) values ('defaults'), ('all');

create table checker_tick (
    id                bigint generated always as identity primary key,
    scope             varchar(16) not null references checker_scope (scope),
    instance          varchar(255) not null,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    outcome           varchar(16),   -- completed | timed-out | lock-lost; null while running
    backends_checked  integer not null default 0,
    backends_failed   integer not null default 0
);
create index checker_tick_recent on checker_tick (started_at desc, id desc);
create index checker_tick_recent_by_scope on checker_tick (scope, started_at desc, id desc);

-- The checker pages through backends by id; these keep each page an index range scan.
create index cas_backend_checkable on cas_backend (id) where deleted_at is null and provider <> 'INLINE';
