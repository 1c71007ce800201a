ALTER TABLE `conversations` ADD `wa_window_closed_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_provider_message` ON `outbox` (`provider_message_id`);