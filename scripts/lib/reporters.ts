import type { NoticeMessage } from './messages.ts';

/** One line a message: `file:line:col  severity  reason, expected …  rule-id`. */
export function formatPretty(messages: readonly NoticeMessage[]): string {
  return messages.map(formatLine).join('\n');
}

export function formatLine(message: NoticeMessage): string {
  let text = message.reason;
  if (message.expected !== undefined) text += `, expected ${message.expected}`;
  if (message.actual !== undefined) text += `, found ${message.actual}`;
  if (message.cause) text += ` (see ${message.cause.file}:${message.cause.line}:${message.cause.column})`;
  return `${message.file}:${message.line}:${message.column}  ${message.severity}  ${text}  ${message.ruleId}`;
}

export function formatJson(messages: readonly NoticeMessage[]): string {
  return JSON.stringify(messages, null, 2);
}
