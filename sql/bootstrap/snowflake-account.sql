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
-- service user, the BI warehouse, and the grants between them. It holds security privileges
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

-- Admin role: storage and notification integrations, roles, users, grants, the BI warehouse.
GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT CREATE ROLE ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT CREATE USER ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
GRANT MANAGE GRANTS ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};
{{ ADMIN_NETWORK_POLICY_GRANT }}
GRANT CREATE WAREHOUSE ON ACCOUNT TO ROLE {{ ADMIN_ROLE }};

-- Only ACCOUNTADMIN can create a resource monitor, and CI must never hold ACCOUNTADMIN, so the
-- monitor of the BI warehouse is created here, once; the stack assigns it to the warehouse by
-- name, and the admin role may read it and change its quota.
CREATE RESOURCE MONITOR IF NOT EXISTS {{ BI_RESOURCE_MONITOR }}
  WITH CREDIT_QUOTA = {{ BI_CREDIT_QUOTA }}
  FREQUENCY = MONTHLY
  START_TIMESTAMP = IMMEDIATELY
  TRIGGERS ON 80 PERCENT DO NOTIFY
           ON 100 PERCENT DO SUSPEND
           ON 110 PERCENT DO SUSPEND_IMMEDIATE;
GRANT MONITOR, MODIFY ON RESOURCE MONITOR {{ BI_RESOURCE_MONITOR }} TO ROLE {{ ADMIN_ROLE }};

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
