/**
 * The example's one screen, on `rx-gemini-live/angular`: connection status, connect/hang up, the
 * transcript, a box to type a turn, and a microphone with playback for spoken turns. Standalone,
 * signals only, no zone.js.
 */
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { injectLiveConversation, injectLiveMicrophone, injectLiveSpeaker } from 'rx-gemini-live/angular';

@Component({
  selector: 'live-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h1>Gemini Live · Angular</h1>
      <span class="status" [attr.data-status]="live.status()">{{ live.status() }}</span>
    </header>
    @if (live.error(); as error) {
      <p class="error">{{ error.message }}</p>
    }
    <div class="actions">
      @if (live.active()) {
        <button type="button" class="hang-up" (click)="hangUp()">Hang up</button>
      } @else {
        <button type="button" class="primary" (click)="connect()">Connect</button>
      }
      <button type="button" class="mic" [disabled]="!live.active()" (click)="mic.toggle()">{{ mic.on() ? 'Mute' : 'Talk' }}</button>
      <span class="speaker" [attr.data-chunks]="speaker.state()?.chunks ?? 0" [attr.data-flushes]="speaker.state()?.flushes ?? 0">
        {{ speaker.playing() ? 'speaking' : '' }}
      </span>
    </div>
    @if (mic.error(); as error) {
      <p class="error">{{ error.message }}</p>
    }
    <ol class="transcript">
      @for (line of live.transcript(); track $index) {
        <li [class]="line.role" [class.streaming]="line.streaming"><b>{{ line.role === 'user' ? 'you' : 'model' }}</b> {{ line.text }}</li>
      } @empty {
        <li class="hint">Connect, then type a question or press Talk.</li>
      }
    </ol>
    <form (submit)="$event.preventDefault(); submit()">
      <input name="question" [value]="draft()" (input)="draft.set($any($event.target).value)" placeholder="Ask something" />
      <button type="submit" [disabled]="live.status() !== 'open' || draft().trim() === ''">Send</button>
    </form>
  `,
})
export class ConversationComponent {
  /** The socket lives while this component does: leaving it hangs up (1000). */
  protected readonly live = injectLiveConversation();
  protected readonly mic = injectLiveMicrophone(this.live);
  protected readonly speaker = injectLiveSpeaker(this.live);
  protected readonly draft = signal('');

  /** From the click: browsers start audio only after a user gesture. */
  protected connect(): void {
    this.live.start();
    this.speaker.start();
  }

  protected hangUp(): void {
    this.mic.stop();
    this.live.stop();
  }

  protected submit(): void {
    const text = this.draft().trim();
    if (text === '') return;
    this.live.send(text);
    this.draft.set('');
  }
}
