import { z } from 'zod';

/**
 * The parts of a Telegram update that tawjih reads, checked before grammY sees it: a body that
 * only looks like an update (wrong types, missing chat) is refused with 400 instead of failing
 * deep inside a handler. Unknown fields are allowed (Telegram adds them over time).
 */
const user = z.looseObject({ id: z.number().int(), is_bot: z.boolean().optional(), language_code: z.string().max(35).optional() });
const chat = z.looseObject({ id: z.number().int(), type: z.string().max(20) });
const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().max(10_000).optional(),
  caption: z.string().max(10_000).optional(),
  edit_date: z.number().int().optional(),
  location: z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
});
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({ id: z.string().max(100), from: user, data: z.string().max(64).optional(), message: z.looseObject({ chat }).optional() })
    .optional(),
  my_chat_member: z.looseObject({ chat, new_chat_member: z.looseObject({ status: z.string().max(20) }) }).optional(),
});
