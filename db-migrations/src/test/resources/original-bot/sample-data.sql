-- Rows an original-bot database holds; adoption must leave every one of them exactly as it is.
INSERT INTO config (guild_id, key, value) VALUES
  ('global', 'ai', '{"enabled": true, "model": "claude"}'),
  ('global', 'logging', '{"level": "info", "database": {"enabled": true, "retentionDays": 30}}'),
  ('111', 'logging', '{"level": "debug", "database": {"enabled": false}}'),
  ('111', 'moderation', '{"dmNotifications": true}');
INSERT INTO conversations (channel_id, guild_id, role, content, username, discord_message_id, user_id) VALUES
  ('c1', '111', 'user', 'how do I center a div?', 'alice', '9001', 'u1'),
  ('c1', '111', 'assistant', 'Use flexbox.', 'volvox', '9002', NULL),
  ('c2', '222', 'user', 'hello', 'bob', NULL, 'u2');
INSERT INTO flagged_messages (guild_id, conversation_first_id, message_id, flagged_by, reason)
  SELECT '111', min(id), max(id), 'mod1', 'inaccurate' FROM conversations WHERE channel_id = 'c1';
INSERT INTO mod_cases (guild_id, case_number, action, target_id, target_tag, moderator_id, moderator_tag, reason) VALUES
  ('111', 1, 'warn', 'u2', 'bob#0001', 'm1', 'mod#0001', 'spam'),
  ('111', 2, 'tempban', 'u2', 'bob#0001', 'm1', 'mod#0001', 'more spam');
INSERT INTO mod_scheduled_actions (guild_id, action, target_id, case_id, execute_at)
  SELECT '111', 'unban', 'u2', id, NOW() + INTERVAL '1 day' FROM mod_cases WHERE case_number = 2;
INSERT INTO warnings (guild_id, user_id, moderator_id, moderator_tag, reason, severity, points, case_id)
  SELECT '111', 'u2', 'm1', 'mod#0001', 'spam', 'medium', 2, id FROM mod_cases WHERE case_number = 1;
INSERT INTO audit_logs (guild_id, user_id, user_tag, action, target_type, target_id, details, target_tag) VALUES
  ('111', 'admin1', 'admin#0001', 'config.update', 'config', 'ai', '{"before": 1}', 'ai'),
  ('111', 'admin1', NULL, 'case.delete', 'case', '3', NULL, '');
INSERT INTO command_usage (guild_id, user_id, command_name, channel_id) VALUES
  ('111', 'u1', 'ping', 'c1'), ('111', 'u2', 'warn', 'c1');
INSERT INTO ai_usage (guild_id, channel_id, type, model, input_tokens, output_tokens, cost_usd, user_id) VALUES
  ('111', 'c1', 'respond', 'claude', 120, 40, 0.001234, 'u1');
INSERT INTO ai_feedback (message_id, channel_id, guild_id, user_id, feedback_type) VALUES ('9002', 'c1', '111', 'u1', 'positive');
INSERT INTO voice_sessions (guild_id, user_id, channel_id, left_at, duration_seconds) VALUES
  ('111', 'u1', 'v1', NOW(), 300), ('111', 'u2', 'v1', NULL, NULL);
INSERT INTO role_menu_templates (name, category, is_builtin, options) VALUES ('Colors', 'builtin', TRUE, '[{"label": "Red"}]');
INSERT INTO reaction_role_menus (guild_id, channel_id, message_id) VALUES ('111', 'c3', 'm100');
INSERT INTO reaction_role_entries (menu_id, emoji, role_id) SELECT id, '🔥', 'r1' FROM reaction_role_menus;
INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at) VALUES ('111', 'u1', 'c1', 'stand-up', NOW() + INTERVAL '1 hour');
INSERT INTO user_stats (guild_id, user_id, messages_sent) VALUES ('111', 'u1', 42);
INSERT INTO showcases (guild_id, author_id, name, description, tech_stack) VALUES ('111', 'u1', 'Bot', 'A bot', '{java,quarkus}');
INSERT INTO showcase_votes (guild_id, showcase_id, user_id) SELECT '111', id, 'u2' FROM showcases;
INSERT INTO bot_restarts (reason, version, uptime_seconds) VALUES ('deploy', '2.3.0', 86400.5);
INSERT INTO temp_roles (guild_id, user_id, user_tag, role_id, role_name, moderator_id, moderator_tag, duration, expires_at)
  VALUES ('111', 'u1', 'alice#0001', 'r2', 'VIP', 'm1', 'mod#0001', '1d', NOW() + INTERVAL '1 day');
INSERT INTO challenge_solves (guild_id, challenge_date, challenge_index, user_id) VALUES ('111', DATE '2026-11-01', 3, 'u1');
INSERT INTO tickets (guild_id, user_id, topic, thread_id) VALUES ('111', 'u1', 'help', 't1');
INSERT INTO webhook_delivery_log (guild_id, endpoint_id, event_type, payload, status, response_code) VALUES ('111', 'e1', 'case.created', '{}', 'success', 200);
