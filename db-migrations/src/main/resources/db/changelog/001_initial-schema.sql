--liquibase formatted sql

-- The 26 tables the product's first migration creates, in the shape they have after the original's
-- migrations, minus the columns and indexes that our later changesets add (002, 004, 013, 014, 015).
-- Constraint names are spelled out so they match what PostgreSQL generated for the original.
-- Adoption: on an original-bot database all 26 tables exist and the changeset is only marked as ran;
-- if some are missing (an original that ran 020_drop-logs-table has no `logs`), the IF NOT EXISTS
-- statements create just the missing ones and leave every existing table and row alone.

--changeset volvox:001_initial-schema
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:missing SELECT CASE WHEN count(*) = 26 THEN 'present' ELSE 'missing' END FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename IN ('config','conversations','mod_cases','mod_scheduled_actions','memory_optouts','ai_usage','logs','bot_restarts','help_topics','scheduled_messages','starboard_posts','polls','snippets','github_feed_state','afk_status','afk_pings','reputation','user_stats','showcases','showcase_votes','reviews','challenge_solves','flagged_messages','tickets','audit_logs','reminders')
--comment: Initial table set (26 tables)
CREATE TABLE IF NOT EXISTS config (
  guild_id text NOT NULL DEFAULT 'global',
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz DEFAULT now(),
  CONSTRAINT config_pkey PRIMARY KEY (guild_id, key)
);

CREATE TABLE IF NOT EXISTS conversations (
  id serial NOT NULL,
  channel_id text NOT NULL,
  guild_id text,
  role text NOT NULL,
  content text NOT NULL,
  username text,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT conversations_pkey PRIMARY KEY (id),
  CONSTRAINT conversations_role_check CHECK (role IN ('user', 'assistant', 'system'))
);
CREATE INDEX IF NOT EXISTS idx_conversations_guild_id ON conversations (guild_id);
CREATE INDEX IF NOT EXISTS idx_conversations_channel_created ON conversations (channel_id, created_at);
CREATE INDEX IF NOT EXISTS idx_conversations_created_at ON conversations (created_at);
CREATE INDEX IF NOT EXISTS idx_conversations_guild_channel_created ON conversations (guild_id, channel_id, created_at);

CREATE TABLE IF NOT EXISTS mod_cases (
  id serial NOT NULL,
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  action text NOT NULL,
  target_id text NOT NULL,
  target_tag text NOT NULL,
  moderator_id text NOT NULL,
  moderator_tag text NOT NULL,
  reason text,
  duration text,
  expires_at timestamptz,
  log_message_id text,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT mod_cases_pkey PRIMARY KEY (id),
  CONSTRAINT mod_cases_guild_id_case_number_key UNIQUE (guild_id, case_number)
);
CREATE INDEX IF NOT EXISTS idx_mod_cases_guild_target ON mod_cases (guild_id, target_id, created_at);
CREATE INDEX IF NOT EXISTS idx_mod_cases_guild_created ON mod_cases (guild_id, created_at);
CREATE INDEX IF NOT EXISTS idx_mod_cases_guild_target_action ON mod_cases (guild_id, target_id, action, created_at DESC);

CREATE TABLE IF NOT EXISTS mod_scheduled_actions (
  id serial NOT NULL,
  guild_id text NOT NULL,
  action text NOT NULL,
  target_id text NOT NULL,
  case_id integer,
  execute_at timestamptz NOT NULL,
  executed boolean DEFAULT false,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT mod_scheduled_actions_pkey PRIMARY KEY (id),
  CONSTRAINT mod_scheduled_actions_case_id_fkey FOREIGN KEY (case_id) REFERENCES mod_cases (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_mod_scheduled_actions_pending ON mod_scheduled_actions (executed, execute_at);

CREATE TABLE IF NOT EXISTS memory_optouts (
  user_id text NOT NULL,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT memory_optouts_pkey PRIMARY KEY (user_id)
);

CREATE TABLE IF NOT EXISTS ai_usage (
  id serial NOT NULL,
  guild_id text NOT NULL,
  channel_id text NOT NULL,
  type text NOT NULL,
  model text NOT NULL,
  input_tokens integer NOT NULL DEFAULT 0,
  output_tokens integer NOT NULL DEFAULT 0,
  cache_creation_tokens integer NOT NULL DEFAULT 0,
  cache_read_tokens integer NOT NULL DEFAULT 0,
  cost_usd numeric(10,6) NOT NULL DEFAULT 0,
  duration_ms integer NOT NULL DEFAULT 0,
  user_id text,
  search_count integer NOT NULL DEFAULT 0,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT ai_usage_pkey PRIMARY KEY (id),
  CONSTRAINT ai_usage_type_check CHECK (type IN ('classify', 'respond'))
);
CREATE INDEX IF NOT EXISTS idx_ai_usage_guild_created ON ai_usage (guild_id, created_at);
CREATE INDEX IF NOT EXISTS idx_ai_usage_created_at ON ai_usage (created_at);
CREATE INDEX IF NOT EXISTS idx_ai_usage_user_created ON ai_usage (user_id, created_at) WHERE user_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS logs (
  id serial NOT NULL,
  level varchar(10) NOT NULL,
  message text NOT NULL,
  metadata jsonb DEFAULT '{}'::jsonb,
  "timestamp" timestamptz DEFAULT now(),
  CONSTRAINT logs_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_logs_timestamp ON logs ("timestamp");
CREATE INDEX IF NOT EXISTS idx_logs_level ON logs (level);

CREATE TABLE IF NOT EXISTS bot_restarts (
  id serial NOT NULL,
  "timestamp" timestamptz DEFAULT now(),
  reason text NOT NULL DEFAULT 'startup',
  version text,
  uptime_seconds numeric,
  CONSTRAINT bot_restarts_pkey PRIMARY KEY (id)
);

CREATE TABLE IF NOT EXISTS help_topics (
  id serial NOT NULL,
  guild_id text NOT NULL,
  topic text NOT NULL,
  title text NOT NULL,
  content text NOT NULL,
  author_id text NOT NULL,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  CONSTRAINT help_topics_pkey PRIMARY KEY (id),
  CONSTRAINT help_topics_guild_id_topic_key UNIQUE (guild_id, topic)
);
CREATE INDEX IF NOT EXISTS idx_help_topics_guild ON help_topics (guild_id);

CREATE TABLE IF NOT EXISTS scheduled_messages (
  id serial NOT NULL,
  guild_id text NOT NULL,
  channel_id text NOT NULL,
  content text NOT NULL,
  embed_json jsonb,
  cron_expression text,
  next_run timestamptz NOT NULL,
  author_id text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  one_time boolean NOT NULL DEFAULT false,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT scheduled_messages_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_scheduled_next_run ON scheduled_messages (next_run) WHERE enabled = true;

CREATE TABLE IF NOT EXISTS starboard_posts (
  id serial NOT NULL,
  guild_id text NOT NULL,
  source_message_id text NOT NULL,
  source_channel_id text NOT NULL,
  starboard_message_id text NOT NULL,
  star_count integer NOT NULL DEFAULT 0,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT starboard_posts_pkey PRIMARY KEY (id),
  CONSTRAINT starboard_posts_source_message_id_key UNIQUE (source_message_id)
);

CREATE TABLE IF NOT EXISTS polls (
  id serial NOT NULL,
  guild_id text NOT NULL,
  channel_id text NOT NULL,
  message_id text,
  author_id text NOT NULL,
  question text NOT NULL,
  options jsonb NOT NULL,
  votes jsonb NOT NULL DEFAULT '{}'::jsonb,
  multi_vote boolean NOT NULL DEFAULT false,
  anonymous boolean NOT NULL DEFAULT false,
  duration_minutes integer,
  closes_at timestamptz,
  closed boolean NOT NULL DEFAULT false,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT polls_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_polls_guild ON polls (guild_id);
CREATE INDEX IF NOT EXISTS idx_polls_open ON polls (guild_id) WHERE closed = false;

CREATE TABLE IF NOT EXISTS snippets (
  id serial NOT NULL,
  guild_id text NOT NULL,
  name text NOT NULL,
  language text NOT NULL DEFAULT 'text',
  code text NOT NULL,
  description text,
  author_id text NOT NULL,
  usage_count integer NOT NULL DEFAULT 0,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  CONSTRAINT snippets_pkey PRIMARY KEY (id),
  CONSTRAINT snippets_guild_id_name_key UNIQUE (guild_id, name)
);
CREATE INDEX IF NOT EXISTS idx_snippets_guild ON snippets (guild_id);
CREATE INDEX IF NOT EXISTS idx_snippets_name ON snippets (guild_id, name);

CREATE TABLE IF NOT EXISTS github_feed_state (
  id serial NOT NULL,
  guild_id text NOT NULL,
  repo text NOT NULL,
  last_event_id text,
  last_poll_at timestamptz DEFAULT now(),
  CONSTRAINT github_feed_state_pkey PRIMARY KEY (id),
  CONSTRAINT github_feed_state_guild_id_repo_key UNIQUE (guild_id, repo)
);
CREATE INDEX IF NOT EXISTS idx_github_feed_guild ON github_feed_state (guild_id);

CREATE TABLE IF NOT EXISTS afk_status (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  reason text NOT NULL DEFAULT 'AFK',
  set_at timestamptz DEFAULT now(),
  CONSTRAINT afk_status_pkey PRIMARY KEY (id),
  CONSTRAINT afk_status_guild_id_user_id_key UNIQUE (guild_id, user_id)
);

CREATE TABLE IF NOT EXISTS afk_pings (
  id serial NOT NULL,
  guild_id text NOT NULL,
  afk_user_id text NOT NULL,
  pinger_id text NOT NULL,
  channel_id text NOT NULL,
  message_preview text,
  pinged_at timestamptz DEFAULT now(),
  CONSTRAINT afk_pings_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_afk_pings_user ON afk_pings (guild_id, afk_user_id);

CREATE TABLE IF NOT EXISTS reputation (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  xp integer NOT NULL DEFAULT 0,
  level integer NOT NULL DEFAULT 0,
  messages_count integer NOT NULL DEFAULT 0,
  voice_minutes integer NOT NULL DEFAULT 0,
  helps_given integer NOT NULL DEFAULT 0,
  last_xp_gain timestamptz,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT reputation_pkey PRIMARY KEY (id),
  CONSTRAINT reputation_guild_id_user_id_key UNIQUE (guild_id, user_id)
);
CREATE INDEX IF NOT EXISTS idx_reputation_guild_xp ON reputation (guild_id, xp DESC);

CREATE TABLE IF NOT EXISTS user_stats (
  guild_id text NOT NULL,
  user_id text NOT NULL,
  messages_sent integer DEFAULT 0,
  reactions_given integer DEFAULT 0,
  reactions_received integer DEFAULT 0,
  days_active integer DEFAULT 0,
  first_seen timestamptz DEFAULT now(),
  last_active timestamptz DEFAULT now(),
  public_profile boolean NOT NULL DEFAULT false,
  CONSTRAINT user_stats_pkey PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX IF NOT EXISTS idx_user_stats_guild ON user_stats (guild_id);
CREATE INDEX IF NOT EXISTS idx_user_stats_guild_public ON user_stats (guild_id, public_profile) WHERE public_profile = true;

CREATE TABLE IF NOT EXISTS showcases (
  id serial NOT NULL,
  guild_id text NOT NULL,
  author_id text NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  tech_stack text[] DEFAULT '{}'::text[],
  repo_url text,
  live_url text,
  message_id text,
  channel_id text,
  upvotes integer NOT NULL DEFAULT 0,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT showcases_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_showcases_guild ON showcases (guild_id);
CREATE INDEX IF NOT EXISTS idx_showcases_author ON showcases (guild_id, author_id);

CREATE TABLE IF NOT EXISTS showcase_votes (
  guild_id text NOT NULL,
  showcase_id integer NOT NULL,
  user_id text NOT NULL,
  CONSTRAINT showcase_votes_pkey PRIMARY KEY (guild_id, showcase_id, user_id),
  CONSTRAINT showcase_votes_showcase_id_fkey FOREIGN KEY (showcase_id) REFERENCES showcases (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS reviews (
  id serial NOT NULL,
  guild_id text NOT NULL,
  requester_id text NOT NULL,
  reviewer_id text,
  url text NOT NULL,
  description text NOT NULL,
  language text,
  status text DEFAULT 'open',
  message_id text,
  channel_id text,
  thread_id text,
  feedback text,
  created_at timestamptz DEFAULT now(),
  claimed_at timestamptz,
  completed_at timestamptz,
  CONSTRAINT reviews_pkey PRIMARY KEY (id),
  CONSTRAINT reviews_status_check CHECK (status IN ('open', 'claimed', 'completed', 'stale'))
);
CREATE INDEX IF NOT EXISTS idx_reviews_guild ON reviews (guild_id);
CREATE INDEX IF NOT EXISTS idx_reviews_status ON reviews (guild_id, status);

CREATE TABLE IF NOT EXISTS challenge_solves (
  guild_id text NOT NULL,
  challenge_date date NOT NULL,
  challenge_index integer NOT NULL,
  user_id text NOT NULL,
  solved_at timestamptz DEFAULT now(),
  CONSTRAINT challenge_solves_pkey PRIMARY KEY (guild_id, challenge_date, user_id)
);
CREATE INDEX IF NOT EXISTS idx_challenge_solves_guild ON challenge_solves (guild_id);

CREATE TABLE IF NOT EXISTS flagged_messages (
  id serial NOT NULL,
  guild_id text NOT NULL,
  conversation_first_id integer NOT NULL,
  message_id integer NOT NULL,
  flagged_by text NOT NULL,
  reason text NOT NULL,
  notes text,
  status text DEFAULT 'open',
  resolved_by text,
  resolved_at timestamptz,
  created_at timestamptz DEFAULT now(),
  CONSTRAINT flagged_messages_pkey PRIMARY KEY (id),
  CONSTRAINT flagged_messages_message_id_fkey FOREIGN KEY (message_id) REFERENCES conversations (id),
  CONSTRAINT flagged_messages_status_check CHECK (status IN ('open', 'resolved', 'dismissed'))
);
CREATE INDEX IF NOT EXISTS idx_flagged_messages_guild ON flagged_messages (guild_id);
CREATE INDEX IF NOT EXISTS idx_flagged_messages_status ON flagged_messages (guild_id, status);

CREATE TABLE IF NOT EXISTS tickets (
  id serial NOT NULL,
  guild_id text NOT NULL,
  user_id text NOT NULL,
  topic text,
  status text NOT NULL DEFAULT 'open',
  thread_id text NOT NULL,
  channel_id text,
  closed_by text,
  close_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  transcript jsonb,
  CONSTRAINT tickets_pkey PRIMARY KEY (id),
  CONSTRAINT tickets_status_check CHECK (status IN ('open', 'closed'))
);
CREATE INDEX IF NOT EXISTS idx_tickets_guild_status ON tickets (guild_id, status);
CREATE INDEX IF NOT EXISTS idx_tickets_user ON tickets (guild_id, user_id);
CREATE INDEX IF NOT EXISTS idx_tickets_thread_status ON tickets (thread_id, status);

CREATE TABLE IF NOT EXISTS audit_logs (
  id serial NOT NULL,
  guild_id varchar(32) NOT NULL,
  user_id varchar(32) NOT NULL,
  action varchar(128) NOT NULL,
  target_type varchar(64),
  target_id varchar(64),
  details jsonb,
  ip_address varchar(45),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_logs_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_audit_logs_guild_created ON audit_logs (guild_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_audit_logs_created_at ON audit_logs (created_at);

CREATE TABLE IF NOT EXISTS reminders (
  id serial NOT NULL,
  guild_id varchar NOT NULL,
  user_id varchar NOT NULL,
  channel_id varchar NOT NULL,
  message text NOT NULL,
  remind_at timestamptz NOT NULL,
  recurring_cron varchar,
  snoozed_count integer NOT NULL DEFAULT 0,
  failed_delivery_count integer NOT NULL DEFAULT 0,
  completed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reminders_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_reminders_due ON reminders (remind_at) WHERE completed = false;
CREATE INDEX IF NOT EXISTS idx_reminders_user_active ON reminders (guild_id, user_id) WHERE completed = false;
CREATE INDEX IF NOT EXISTS idx_reminders_user ON reminders (guild_id, user_id, completed);
/* liquibase rollback
DROP TABLE reminders;
DROP TABLE audit_logs;
DROP TABLE tickets;
DROP TABLE flagged_messages;
DROP TABLE challenge_solves;
DROP TABLE reviews;
DROP TABLE showcase_votes;
DROP TABLE showcases;
DROP TABLE user_stats;
DROP TABLE reputation;
DROP TABLE afk_pings;
DROP TABLE afk_status;
DROP TABLE github_feed_state;
DROP TABLE snippets;
DROP TABLE polls;
DROP TABLE starboard_posts;
DROP TABLE scheduled_messages;
DROP TABLE help_topics;
DROP TABLE bot_restarts;
DROP TABLE logs;
DROP TABLE ai_usage;
DROP TABLE memory_optouts;
DROP TABLE mod_scheduled_actions;
DROP TABLE mod_cases;
DROP TABLE conversations;
DROP TABLE config;
*/
