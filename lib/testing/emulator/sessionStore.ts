/**
 * Conversations that outlive connections, for session resumption: every handle the
 * emulator gives out names a snapshot of the conversation at that moment, so resuming with it restores
 * exactly what the server had consumed then, and nothing sent after it.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceProfile } from './serviceProfile';

/** One entry of a conversation's history. */
export interface HistoryEntry {
  readonly role: 'user' | 'model';
  readonly text: string;
}

/** What a handle restores. */
export interface ConversationSnapshot {
  readonly sessionId: string;
  readonly history: readonly HistoryEntry[];
  /** User turns so far, so numbering continues across connections. */
  readonly userTurns: number;
  readonly spokenTurns: number;
}

export class SessionStore {
  private readonly snapshots = new Map<string, ConversationSnapshot>();
  private readonly openConnections = new Map<string, number>();
  private sessionCount = 0;
  private handleCount = 0;
  private callCount = 0;

  /** A session id: a UUID like Vertex's `setupComplete.sessionId`, a readable counter otherwise. */
  newSessionId(ids: ServiceProfile['ids']): string {
    this.sessionCount += 1;
    return ids === 'uuid' ? randomUUID() : `emulated-session-${this.sessionCount}`;
  }

  /**
   * A function call id no other call of this emulator had, like Google's random ones: a resumed
   * conversation that calls again never reuses the id of a call lost with the old connection.
   * Vertex's are UUIDs; the Gemini API's read `function-call-N`.
   */
  newCallId(ids: ServiceProfile['ids']): string {
    this.callCount += 1;
    return ids === 'uuid' ? randomUUID() : `function-call-${this.callCount}`;
  }

  /** Stores a snapshot and returns the handle that restores it. */
  issueHandle(snapshot: ConversationSnapshot): string {
    this.handleCount += 1;
    const handle = `emulator-handle-${this.handleCount}`;
    this.snapshots.set(handle, { ...snapshot, history: [...snapshot.history] });
    return handle;
  }

  restore(handle: string): ConversationSnapshot | undefined {
    return this.snapshots.get(handle);
  }

  /** Counts the connections serving a session; a resume while one is open is refused (§6.2). */
  opened(sessionId: string): void {
    this.openConnections.set(sessionId, (this.openConnections.get(sessionId) ?? 0) + 1);
  }

  closed(sessionId: string): void {
    const count = (this.openConnections.get(sessionId) ?? 1) - 1;
    if (count <= 0) this.openConnections.delete(sessionId);
    else this.openConnections.set(sessionId, count);
  }

  isOpen(sessionId: string): boolean {
    return (this.openConnections.get(sessionId) ?? 0) > 0;
  }
}
