-- Each instance's share of PostgreSQL's connections, refreshed by the instance itself, so that
-- every instance can compare what the cluster may open with what the server allows.
create table casguard_instance (
    name       varchar(255) primary key,
    pool_size  integer not null,
    seen_at    timestamptz not null
);
