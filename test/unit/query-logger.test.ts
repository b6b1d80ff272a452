import { ParameterFreeLogger } from '../../src/db/query-logger';

describe('ParameterFreeLogger', () => {
  it('logs a failed query without its parameters', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const logger = new ParameterFreeLogger(true);
      // TypeORM passes the parameters as a third argument; this logger must ignore them.
      (logger.logQueryError as (error: Error, query: string, parameters: unknown[]) => void)(
        new Error('relation "submission" does not exist'),
        'INSERT INTO "submission"("contact_phone") VALUES ($1)',
        ['13698765432'],
      );
      const printed = spy.mock.calls.flat().join(' ');
      expect(printed).toContain('relation "submission" does not exist');
      expect(printed).not.toContain('13698765432');
    } finally {
      spy.mockRestore();
    }
  });

  it('stays silent when disabled', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      new ParameterFreeLogger(false).logQueryError('boom', 'SELECT 1');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
