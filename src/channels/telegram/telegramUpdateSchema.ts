import * as z from 'zod/mini';

/**
 * The parts of a Telegram update that tawjih reads, checked before grammY sees it: a body that
 * only looks like an update (wrong types, missing chat) is refused with 400 instead of failing
 * deep inside a handler. Unknown fields are allowed (Telegram adds them over time).
 */
const int = () => z.number().check(z.int());
const text = (max: number) => z.string().check(z.maxLength(max));
const user = z.looseObject({ id: int(), is_bot: z.optional(z.boolean()), language_code: z.optional(text(35)) });
const chat = z.looseObject({ id: int(), type: text(20) });
const message = z.looseObject({
  message_id: int(),
  date: int(),
  chat,
  from: z.optional(user),
  text: z.optional(text(10_000)),
  caption: z.optional(text(10_000)),
  edit_date: z.optional(int()),
  location: z.optional(z.looseObject({ latitude: z.number().check(z.gte(-90), z.lte(90)), longitude: z.number().check(z.gte(-180), z.lte(180)) })),
});
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().check(z.int(), z.gte(0)),
  message: z.optional(message),
  edited_message: z.optional(message),
  callback_query: z.optional(z.looseObject({ id: text(100), from: user, data: z.optional(text(64)), message: z.optional(z.looseObject({ chat })) })),
  my_chat_member: z.optional(z.looseObject({ chat, new_chat_member: z.looseObject({ status: text(20) }) })),
});
