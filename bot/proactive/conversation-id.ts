/** A channel thread's conversation id is `<channel>;messageid=<root>`; anything else is itself. */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export function threadRootId(conversationId: string): string | undefined {
  return conversationId.split(';messageid=')[1];
}
