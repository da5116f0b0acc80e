-- Snowflake side of the bootstrap for environment {{ ENV }} (account {{ ACCOUNT }}).
-- Rendered by `npx sensorctl bootstrap-sql --env {{ ENV }} ...`; run it once, as a user holding
-- ACCOUNTADMIN, in a worksheet of that account. Every statement is idempotent, so re-running it
-- (for example to rotate a key) is safe. See docs/ci-cd.md for the why of each privilege.

USE ROLE SECURITYADMIN;

-- Owns every pipeline object the stack creates (database, schemas, tables, stage, pipe, stream,
-- task, views). Granted to SYSADMIN so the account's administrators keep access to the data.
CREATE ROLE IF NOT EXISTS {{ OWNER_ROLE }}
  COMMENT = 'Owns the sensor pipeline objects of {{ ENV }}; used by CI deploys';
GRANT ROLE {{ OWNER_ROLE }} TO ROLE SYSADMIN;

-- Creates the account-level objects: integrations, the engineer and reporter roles, the Power BI
-- service user, and the grants between them. It holds security privileges
-- (CREATE USER, MANAGE GRANTS), so it sits under SECURITYADMIN, not SYSADMIN; ACCOUNTADMIN
-- inherits both.
CREATE ROLE IF NOT EXISTS {{ ADMIN_ROLE }}
  COMMENT = 'Creates account-level objects of the sensor pipeline; used by CI deploys';
GRANT ROLE {{ ADMIN_ROLE }} TO ROLE SECURITYADMIN;

USE ROLE ACCOUNTADMIN;

-- Owner role: create the database (it then owns everything inside) and run its task, serverless.
GRANT CREATE DATABASE ON ACCOUNT TO ROLE {{ OWNER_ROLE }};
GRANT EXECUTE TASK ON ACCOUNT TO ROLE {{ OWNER_ROLE }};
GRANT EXECUTE MANAGED TASK ON ACCOUNT TO ROLE {{ OWNER_ROLE }};

-- Owner role: read SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY, for the view MONITORING.POWER_BI_QUERIES
-- (the Power BI query log; readers of the view see only the Power BI user's queries). An admin
-- decision: the role can then read the text of every query in the account. GOVERNANCE_VIEWER is
-- the narrowest SNOWFLAKE database role holding QUERY_HISTORY (sql-reference/snowflake-db-roles);
-- IMPORTED PRIVILEGES would open the whole SNOWFLAKE database. Without this grant the view cannot
-- be created and the deploy stops there.
GRANT DATABASE ROLE SNOWFLAKE.GOVERNANCE_VIEWER TO ROLE {{ OWNER_ROLE }};

-- Admin role: storage and notification integrations, roles, users, grants. No CREATE WAREHOUSE:
-- the warehouses are created below, because only ACCOUNTADMIN may put one under a monitor.
GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT CREATE ROLE ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT CREATE USER ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT MANAGE GRANTS ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
{{ ADMIN_NETWORK_POLICY_GRANT }}

-- The two warehouses, each under its own resource monitor. Only ACCOUNTADMIN may create a monitor
-- or assign one to a warehouse (user-guide/resource-monitors; provider docs/resources/warehouse.md),
-- and CI never holds ACCOUNTADMIN, so both live here rather than in the stack. CREATE ... IF NOT
-- EXISTS then ALTER ... SET: a re-run applies changed settings from stacks/environments.ts.
-- Triggers: notify at {{ NOTIFY_PERCENTS }} %, suspend at {{ SUSPEND_PERCENT }} % (running queries finish), cancel at
-- {{ SUSPEND_IMMEDIATE_PERCENT }} %; docs/power-bi.md and docs/operations.md describe them.
CREATE RESOURCE MONITOR IF NOT EXISTS {{ BI_RESOURCE_MONITOR }}
  WITH CREDIT_QUOTA = {{ BI_CREDIT_QUOTA }} FREQUENCY = MONTHLY START_TIMESTAMP = IMMEDIATELY;
ALTER RESOURCE MONITOR {{ BI_RESOURCE_MONITOR }} SET CREDIT_QUOTA = {{ BI_CREDIT_QUOTA }}
  TRIGGERS {{ TRIGGERS }};
CREATE RESOURCE MONITOR IF NOT EXISTS {{ OPS_RESOURCE_MONITOR }}
  WITH CREDIT_QUOTA = {{ OPS_CREDIT_QUOTA }} FREQUENCY = MONTHLY START_TIMESTAMP = IMMEDIATELY;
ALTER RESOURCE MONITOR {{ OPS_RESOURCE_MONITOR }} SET CREDIT_QUOTA = {{ OPS_CREDIT_QUOTA }}
  TRIGGERS {{ TRIGGERS }};

-- Power BI's DirectQuery warehouse: only the reporter role (granted by the stack) queries on it,
-- so its monitor's quota is Power BI's budget and stops nothing else.
CREATE WAREHOUSE IF NOT EXISTS {{ BI_WAREHOUSE }} WITH INITIALLY_SUSPENDED = TRUE;
ALTER WAREHOUSE {{ BI_WAREHOUSE }} SET
  WAREHOUSE_SIZE = {{ BI_WAREHOUSE_SIZE }}
  AUTO_SUSPEND = {{ BI_AUTO_SUSPEND_SECONDS }}
  AUTO_RESUME = TRUE
  STATEMENT_TIMEOUT_IN_SECONDS = {{ BI_STATEMENT_TIMEOUT_SECONDS }}
  STATEMENT_QUEUED_TIMEOUT_IN_SECONDS = {{ BI_STATEMENT_TIMEOUT_SECONDS }}
  RESOURCE_MONITOR = {{ BI_RESOURCE_MONITOR }}
  COMMENT = 'Power BI DirectQuery of {{ ENV }} (sensorctl bootstrap-sql)';

-- The operators' warehouse: Terraform's own reads (the owner provider reads views back on it),
-- sensorctl smoke and status, and engineers' queries. Small and quick to suspend; its own quota,
-- so neither side can spend the other's budget or stop the other's work.
CREATE WAREHOUSE IF NOT EXISTS {{ OPS_WAREHOUSE }} WITH INITIALLY_SUSPENDED = TRUE;
ALTER WAREHOUSE {{ OPS_WAREHOUSE }} SET
  WAREHOUSE_SIZE = XSMALL
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  STATEMENT_TIMEOUT_IN_SECONDS = 600
  RESOURCE_MONITOR = {{ OPS_RESOURCE_MONITOR }}
  COMMENT = 'Terraform reads and operator tools of {{ ENV }} (sensorctl bootstrap-sql)';

-- The owner role's provider needs the operators' warehouse from its first read of a view, before
-- the stack could grant anything, so this grant lives here. The stack's admin role (MANAGE
-- GRANTS) grants the engineer and reporter roles theirs. No role but ACCOUNTADMIN gets MODIFY on
-- a monitor: a quota is a spending decision, changed here and re-run.
GRANT USAGE ON WAREHOUSE {{ OPS_WAREHOUSE }} TO ROLE {{ OWNER_ROLE }};

USE ROLE SECURITYADMIN;

-- The deploy service user: key-pair only (a SERVICE user has no password and no MFA prompt),
-- both pipeline roles, no secondary roles, so each Terraform provider acts exactly as its role.
CREATE USER IF NOT EXISTS {{ DEPLOY_USER }}
  TYPE = SERVICE
  DEFAULT_ROLE = {{ OWNER_ROLE }}
  DEFAULT_SECONDARY_ROLES = ()
  COMMENT = 'GitHub Actions deploys of the sensor pipeline ({{ ENV }})';
ALTER USER {{ DEPLOY_USER }} SET RSA_PUBLIC_KEY = '{{ DEPLOY_PUBLIC_KEY }}';
GRANT ROLE {{ OWNER_ROLE }} TO USER {{ DEPLOY_USER }};
GRANT ROLE {{ ADMIN_ROLE }} TO USER {{ DEPLOY_USER }};

-- The plan service user (pull-request plans of a non-production environment; the prod plan job
-- inside the protected prod environment). Plans refresh every object, and the stack's providers
-- name the owner and admin roles, so this user needs the same two roles: Snowflake has no read-only
-- role that shows a role's integrations, users and grants as that role sees them. Its blast radius
-- is limited instead: its own key per environment and account, stored where only that
-- environment's plans can read it, revocable alone (ALTER USER ... UNSET RSA_PUBLIC_KEY) without
-- stopping deploys, and the network policy below.
CREATE USER IF NOT EXISTS {{ PLAN_USER }}
  TYPE = SERVICE
  DEFAULT_ROLE = {{ OWNER_ROLE }}
  DEFAULT_SECONDARY_ROLES = ()
  COMMENT = 'GitHub Actions plans of the sensor pipeline ({{ ENV }})';
ALTER USER {{ PLAN_USER }} SET RSA_PUBLIC_KEY = '{{ PLAN_PUBLIC_KEY }}';
GRANT ROLE {{ OWNER_ROLE }} TO USER {{ PLAN_USER }};
GRANT ROLE {{ ADMIN_ROLE }} TO USER {{ PLAN_USER }};

-- Where the two CI users may sign in from (snowflake.networkPolicies.ciAllowedIpRanges). The key
-- pair is the credential; the network policy limits where a leaked key works. SECURITYADMIN may
-- create network policies and set them on users.
{{ CI_NETWORK_POLICY }}
