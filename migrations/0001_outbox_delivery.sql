ALTER TABLE `conversations` ADD `unreachable_at` integer;--> statement-breakpoint
ALTER TABLE `inbound_receipts` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_receipts` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `provider_message_id` text;--> statement-breakpoint
CREATE INDEX `outbox_recipient` ON `outbox` (`channel`,`recipient`,`status`,`id`);