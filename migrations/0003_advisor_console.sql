CREATE TABLE `advisor_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`advisor_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `advisor_sessions_advisor` ON `advisor_sessions` (`advisor_id`);--> statement-breakpoint
CREATE TABLE `advisors` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `advisors_email_unique` ON `advisors` (`email`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`advisor_id` text,
	`action` text NOT NULL,
	`target` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `survey_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey` text NOT NULL,
	`question` text NOT NULL,
	`value` text NOT NULL,
	`locale` text,
	`channel` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` text NOT NULL,
	`kind` text NOT NULL,
	`advisor_id` text,
	`text` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`id`);--> statement-breakpoint
ALTER TABLE `tickets` ADD `assigned_to` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalated_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `updated_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_conversation` ON `tickets` (`conversation_id`,`status`);