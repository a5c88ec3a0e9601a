import { parseCommand } from '../../bot/commands/parse-command';

describe('parsing what people type', () => {
  it.each([
    ['help', { name: 'help' }],
    ['  My   Requests! ', { name: 'my-requests' }],
    ['status ECR-2026-0001', { name: 'status', argument: 'ECR-2026-0001' }],
    ['status ECR-2026-0001.', { name: 'status', argument: 'ECR-2026-0001' }],
    ['Withdraw  ecr-2026-0001!', { name: 'withdraw', argument: 'ecr-2026-0001' }],
    ['call in ECR-2026-0001 The consultation was inadequate.', { name: 'call-in', argument: 'ECR-2026-0001 The consultation was inadequate.' }],
    ['Call-in ECR-2026-0001 Funding is not secured!', { name: 'call-in', argument: 'ECR-2026-0001 Funding is not secured!' }],
    ['deputy Dana Deputy from 1/12/2026 to 5/12/2026.', { name: 'deputy', argument: 'Dana Deputy from 1/12/2026 to 5/12/2026' }],
    ['revise ECR-2026-0001', { name: 'revise', argument: 'ECR-2026-0001' }],
    ['revise my draft', { name: 'unknown', text: 'revise my draft' }],
  ])('%j', (typed, command) => {
    expect(parseCommand(typed)).toEqual(command);
  });

  it('keeps the case and characters of the argument exactly as typed, whatever its length', () => {
    const grounds = 'Ünïcödé grounds — with İstanbul and ß.';
    expect(parseCommand(`call in ECR-2026-0001 ${grounds}`)).toEqual({ name: 'call-in', argument: `ECR-2026-0001 ${grounds}` });
  });
});
