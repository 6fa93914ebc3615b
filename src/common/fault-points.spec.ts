import { armFault, faultPoint, InjectedFault } from './fault-points';

describe('faultPoint', () => {
  afterEach(() => armFault(null));

  it('does nothing unarmed, nor at another point than the armed one', () => {
    expect(faultPoint('before-commit')).toBeUndefined();
    armFault({ point: 'after-commit', action: 'throw' });
    expect(faultPoint('before-commit')).toBeUndefined();
  });

  it('acts at the armed point the first time only', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    armFault({ point: 'mid-parse', action: 'throw' });
    expect(() => faultPoint('mid-parse')).toThrow(InjectedFault);
    expect(faultPoint('mid-parse')).toBeUndefined();
    expect(stderr).toHaveBeenCalledWith('strata: fault: throw at mid-parse\n');
    stderr.mockRestore();
  });

  it('holds until a line arrives on stdin', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    armFault({ point: 'mid-staging', action: 'hold' });
    let released = false;
    const held = Promise.resolve(faultPoint('mid-staging')).then(() => (released = true));
    await new Promise((r) => setImmediate(r));
    expect(released).toBe(false);
    process.stdin.emit('data', Buffer.from('\n'));
    await held;
    expect(released).toBe(true);
    stderr.mockRestore();
  });
});
