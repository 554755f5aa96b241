/**
 * The AudioWorklet processor behind `microphone$`, as module source text. It is loaded from a Blob
 * URL, so users ship and configure no extra asset. It only collects: it downmixes the input to mono
 * and posts blocks of `blockSize` float samples at the device rate, transferring each block's memory.
 * Conversion to PCM16 and resampling happen on the main thread with the library's own band-limited
 * resampler (`createResampler`), which a self-contained worklet module could not import; at 20 ms
 * blocks that is 50 small messages a second, and the resampler runs ~100× faster than real time.
 */

/** The name the processor registers under; one per AudioContext, so never in conflict. */
export const CAPTURE_PROCESSOR_NAME = 'rx-gemini-live-capture';

/** A message from the main thread that makes the processor stop, so the node can be collected. */
export const CAPTURE_STOP_MESSAGE = 'stop';

export const CAPTURE_WORKLET_SOURCE = `
class RxGeminiLiveCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.blockSize = options.processorOptions.blockSize;
    this.block = new Float32Array(this.blockSize);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === '${CAPTURE_STOP_MESSAGE}') this.running = false;
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (!this.running) return false;
    if (channels === undefined || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let index = 0; index < frames; index += 1) {
      let sum = 0;
      for (let channel = 0; channel < channels.length; channel += 1) sum += channels[channel][index];
      this.block[this.filled] = sum / channels.length;
      this.filled += 1;
      if (this.filled === this.blockSize) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(this.blockSize);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor('${CAPTURE_PROCESSOR_NAME}', RxGeminiLiveCapture);
`;
