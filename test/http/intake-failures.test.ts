import { Submission, TimelineEvent } from '../../src/db/entities';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('a report is kept when classification or routing fails', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function submitAndLoad() {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() });
    expect(response.statusCode).toBe(201);
    const stored = await t.dataSource.getRepository(Submission).findOneOrFail({
      where: { trackingCode: response.json().trackingCode },
      relations: { department: true },
    });
    return { body: response.json(), stored };
  }

  it('parks the report at the dispatch office when the classifier throws', async () => {
    t = await createTestApp(
      {},
      {
        classifier: {
          classify: () => {
            throw new Error('model file missing');
          },
        },
      },
    );
    const { body, stored } = await submitAndLoad();
    expect(body).toMatchObject({ status: 'submitted', needsReview: true, department: { code: 'dispatch' } });
    expect(stored.content).toBe(aSubmission().content);
    expect(stored.classification.failure).toContain('model file missing');
    const notes = await t.dataSource
      .getRepository(TimelineEvent)
      .findBy({ submissionId: stored.id, type: 'classification' });
    expect(notes[0].note).toContain('自动处理出错');
  });

  it('parks the report at the dispatch office when routing fails', async () => {
    t = await createTestApp();
    // The routing rules become unreadable, as if the table were damaged.
    await t.dataSource.query('ALTER TABLE routing_rule RENAME TO routing_rule_broken');
    const { body, stored } = await submitAndLoad();
    expect(body).toMatchObject({ status: 'submitted', needsReview: true, department: { code: 'dispatch' } });
    expect(stored.category).toBe('dirty');
    expect(stored.classification.failure).toMatch(/routing failed/);
  });
});
