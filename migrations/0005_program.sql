CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`texts` text NOT NULL,
	`filter` text NOT NULL,
	`event_id` text,
	`survey` text,
	`status` text NOT NULL,
	`scheduled_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`audience_count` integer,
	`enqueued` integer DEFAULT 0 NOT NULL,
	`webchat_stored` integer DEFAULT 0 NOT NULL,
	`cursors` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_status` ON `campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`titles` text NOT NULL,
	`place` text NOT NULL,
	`province` text NOT NULL,
	`starts_at` integer NOT NULL,
	`remind_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`languages` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_upcoming` ON `events` (`status`,`starts_at`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`event_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`reminded_at` integer,
	PRIMARY KEY(`event_id`, `contact_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `registrations_contact` ON `registrations` (`contact_id`);--> statement-breakpoint
CREATE INDEX `registrations_due` ON `registrations` (`status`,`reminded_at`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`contact_id` text NOT NULL,
	`topic` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `topic`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriptions_topic` ON `subscriptions` (`topic`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `campaign_id` text;--> statement-breakpoint
CREATE INDEX `outbox_campaign` ON `outbox` (`campaign_id`,`status`);