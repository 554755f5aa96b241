import { CliUsageError, DEFAULT_CHAT_OUT, DEFAULT_MODEL, DEFAULT_OUT, DEFAULT_VOICE, parseCliArgs } from '../../lib/cli/args';

describe('parseCliArgs', () => {
  it('defaults to a voice session with the shipped question', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'voice', text: undefined, wav: undefined, out: DEFAULT_OUT, model: DEFAULT_MODEL, voice: DEFAULT_VOICE, fast: false, turns: 1 });
  });

  it('reads every voice option, with or without the voice command', () => {
    const expected = { kind: 'voice', text: undefined, wav: 'q.wav', out: 'a.wav', model: 'm', voice: 'Puck', fast: true, turns: 1 };
    expect(parseCliArgs(['--wav', 'q.wav', '--out', 'a.wav', '--model', 'm', '--voice', 'Puck', '--fast'])).toEqual(expected);
    expect(parseCliArgs(['voice', '--wav=q.wav', '--out=a.wav', '--model=m', '--voice=Puck', '--fast'])).toEqual(expected);
    expect(parseCliArgs(['--text', 'Hi there'])).toMatchObject({ text: 'Hi there' });
  });

  it('reads --turns and --chat', () => {
    expect(parseCliArgs(['--turns', '5'])).toMatchObject({ kind: 'voice', turns: 5 });
    expect(parseCliArgs(['--chat'])).toEqual({ kind: 'chat', outDir: DEFAULT_CHAT_OUT, model: DEFAULT_MODEL, voice: DEFAULT_VOICE, fast: false });
    expect(parseCliArgs(['--chat', '--out', 'answers', '--model', 'gemini-3.1-flash-live-preview', '--fast'])).toMatchObject({ kind: 'chat', outDir: 'answers', model: 'gemini-3.1-flash-live-preview', fast: true });
  });

  it('reads the emulator command', () => {
    expect(parseCliArgs(['emulator'])).toEqual({ kind: 'emulator', port: 0, host: '127.0.0.1' });
    expect(parseCliArgs(['emulator', '--port', '9000'])).toEqual({ kind: 'emulator', port: 9000, host: '127.0.0.1' });
  });

  it('answers --help for both commands', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['emulator', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--text'], "Option '--text <value>' argument missing"],
    [['--text', '  '], '--text needs some words'],
    [['--text', 'a', '--wav', 'b.wav'], 'give either --text or --wav, not both'],
    [['--model', ''], '--model needs a value'],
    [['--turns', '0'], '--turns must be a number from 1 to 100, got "0"'],
    [['--turns', 'many'], '--turns must be a number from 1 to 100, got "many"'],
    [['--chat', '--text', 'hi'], '--chat reads the questions from the keyboard'],
    [['emulator', '--port', 'eighty'], '--port must be a number from 0 to 65535, got "eighty"'],
    [['emulator', '--port', '70000'], '--port must be a number from 0 to 65535, got "70000"'],
  ])('refuses %j with a one-line CliUsageError', (argv, message) => {
    let thrown: unknown;
    try {
      parseCliArgs(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain('\n');
  });
});
