CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`channel` text NOT NULL,
	`ref` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`content_type` text,
	`size` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `media_due` ON `media` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `media_message` ON `media` (`message_id`);--> statement-breakpoint
CREATE INDEX `media_ticket` ON `media` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `media_parts` (
	`media_id` text NOT NULL,
	`n` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`media_id`, `n`)
);
