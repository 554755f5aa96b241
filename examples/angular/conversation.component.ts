/**
 * A small conversation screen on `LiveSessionService`: connection status, connect/hang up, the
 * transcript, and a box to type a turn. Standalone, signals only, no zone.js.
 */
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { LiveSessionService } from './live-session.service';

@Component({
  selector: 'live-conversation',
  // Component-scoped: the socket lives exactly as long as this component.
  providers: [LiveSessionService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h1>Gemini Live · Angular</h1>
      <span class="status" [attr.data-status]="live.status()">{{ live.status() }}</span>
    </header>
    @if (live.error(); as error) {
      <p class="error">{{ error }}</p>
    }
    <div class="actions">
      @if (live.status() === 'open' || live.status() === 'connecting') {
        <button type="button" (click)="live.disconnect()">Hang up</button>
      } @else {
        <button type="button" class="primary" (click)="live.connect()">Connect</button>
      }
    </div>
    <ol class="transcript">
      @for (line of live.transcript(); track $index) {
        <li [class]="line.role"><b>{{ line.role === 'user' ? 'you' : 'model' }}</b> {{ line.text }}</li>
      } @empty {
        <li class="hint">Connect, then type a question.</li>
      }
    </ol>
    <form (submit)="$event.preventDefault(); submit()">
      <input name="question" [value]="draft()" (input)="draft.set($any($event.target).value)" placeholder="Ask something" />
      <button type="submit" [disabled]="live.status() !== 'open' || draft().trim() === ''">Send</button>
    </form>
  `,
})
export class ConversationComponent {
  protected readonly live = inject(LiveSessionService);
  protected readonly draft = signal('');

  protected submit(): void {
    const text = this.draft().trim();
    if (text === '') return;
    this.live.send(text);
    this.draft.set('');
  }
}
