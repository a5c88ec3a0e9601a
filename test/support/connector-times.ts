import type { ConnectorCall, MockConnector } from './mock-connector';

/**
 * When each call reached the connector stand-in, for pacing measured where Teams would
 * measure it: the connector's list of calls is stamped as each is recorded. Returns the
 * time of a recorded call (ms since the epoch).
 */
export function stampCalls(connector: MockConnector): (call: ConnectorCall) => number {
  const times = new WeakMap<ConnectorCall, number>();
  const calls = connector.calls;
  const push = calls.push.bind(calls);
  calls.push = (...items: ConnectorCall[]) => {
    const now = Date.now();
    for (const item of items) times.set(item, now);
    return push(...items);
  };
  return (call) => times.get(call) ?? NaN;
}

/** The conversation a call counts against: a channel's threads count as the channel; a new channel post names it in its body. */
export function conversationOf(call: ConnectorCall): string {
  if (call.conversationId) return call.conversationId.split(';messageid=')[0]!;
  return (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'new-conversation';
}

/** The most calls to any one conversation inside any 1 s, 2 s and 30 s, and the conversation with most in 1 s. */
export function pacingAtConnector(calls: readonly ConnectorCall[], at: (call: ConnectorCall) => number) {
  const byConversation = new Map<string, number[]>();
  for (const call of calls) {
    const key = conversationOf(call);
    byConversation.set(key, [...(byConversation.get(key) ?? []), at(call)]);
  }
  const most = (times: number[], ms: number) => {
    const sorted = [...times].sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < sorted.length; j++) {
      while (sorted[j]! - sorted[i]! >= ms) i++;
      best = Math.max(best, j - i + 1);
    }
    return best;
  };
  let busiest = '';
  let maxIn1s = 0;
  let maxIn2s = 0;
  let maxIn30s = 0;
  for (const [key, times] of byConversation) {
    const one = most(times, 1000);
    if (one > maxIn1s) [maxIn1s, busiest] = [one, key];
    maxIn2s = Math.max(maxIn2s, most(times, 2000));
    maxIn30s = Math.max(maxIn30s, most(times, 30_000));
  }
  return { maxIn1s, maxIn2s, maxIn30s, busiest, calls: calls.length };
}
