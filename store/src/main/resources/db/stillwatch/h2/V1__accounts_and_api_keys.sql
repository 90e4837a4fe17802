-- Accounts (contract §2, every field) and API keys (hashes only, never a secret).

CREATE TABLE account (
    account_id   VARCHAR(1000) NOT NULL PRIMARY KEY,
    created      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    org          VARCHAR,
    email        VARCHAR,
    payment      VARCHAR,
    signup_ip    VARCHAR(100),
    country      VARCHAR(16),
    nationality  VARCHAR(16) ARRAY NOT NULL,
    kyc          VARCHAR(16),
    tier         VARCHAR
);

-- One row of counters; writers increment under its row lock, so versions commit in order.
CREATE TABLE store_counter (
    name           VARCHAR(32) NOT NULL PRIMARY KEY,
    counter_value  BIGINT NOT NULL
);
INSERT INTO store_counter (name, counter_value) VALUES ('api_key', 0);

CREATE TABLE api_key (
    key_id                VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id            VARCHAR(1000) NOT NULL REFERENCES account (account_id),
    name                  VARCHAR(200),
    created               TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    hash_scheme           VARCHAR(32) NOT NULL,
    secret_hash           BINARY(32) NOT NULL,
    secret_hint           VARCHAR(8) NOT NULL,
    previous_hash         BINARY(32),
    previous_valid_until  TIMESTAMP(3) WITH TIME ZONE,
    rotated               TIMESTAMP(3) WITH TIME ZONE,
    revoked               TIMESTAMP(3) WITH TIME ZONE,
    row_version           BIGINT NOT NULL
);
CREATE INDEX api_key_account ON api_key (account_id);
CREATE UNIQUE INDEX api_key_row_version ON api_key (row_version);
