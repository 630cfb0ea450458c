-- node-pg-migrate's bookkeeping table as the original bot's schema describes it, with the original's migration names.
CREATE TABLE pgmigrations (
  id SERIAL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  run_on TIMESTAMP NOT NULL
);
INSERT INTO pgmigrations (name, run_on) VALUES
  ('001_initial-schema', NOW()),
  ('002_conversations_discord_message_id', NOW()),
  ('003_ai_feedback', NOW()),
  ('004_voice_sessions', NOW()),
  ('005_webhook_notifications', NOW()),
  ('006_command_usage', NOW()),
  ('007_command_aliases', NOW()),
  ('008_reaction_roles', NOW()),
  ('009_role_menu_templates', NOW()),
  ('010_temp_roles', NOW()),
  ('011_warnings', NOW()),
  ('012_placeholder', NOW()),
  ('013_audit_log', NOW()),
  ('014_perf_indexes', NOW()),
  ('015_add-audit-logs-user-tag', NOW()),
  ('016_audit_logs_user_tag_backfill', NOW()),
  ('017_performance_indexes', NOW()),
  ('018_add-user-id-to-conversations', NOW()),
  ('019_add-audit-logs-target-tag', NOW());
