/**
 * Playbooks: each workflow definition validates, and a simulation per playbook runs it on a sample incident with
 * stubbed Microsoft Sentinel, Azure Monitor Logs, Office 365 and Microsoft Graph responses, asserting the calls made.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../tools/content/load.js';
import { simulate, type OutboundCall, type StubResponse } from '../tools/playbooks/simulate.js';
import { validatePlaybook } from '../tools/playbooks/validate.js';
import { parseTemplate } from '../tools/playbooks/expressions.js';
import { contentLayout } from '../tools/util/paths.js';

const L = contentLayout();
const content = loadContent();
const sample = JSON.parse(readFileSync(join(L.root, 'test', 'playbooks', 'incident.json'), 'utf8'));
const playbook = (name: string) => content.playbooks.find((p) => p.baseName === name)!.data;
const definition = (t: { resources: { type: string; properties: { definition: unknown } }[] }) => t.resources.find((r) => r.type === 'Microsoft.Logic/workflows')!.properties.definition as never;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const graph = (c: OutboundCall) => c.type === 'Http' && c.target.startsWith('https://graph.microsoft.com/');
const sentinel = (c: OutboundCall, path: string) => c.connection === 'azuresentinel' && c.target === path;

/** Stubs the Sentinel connector from the sample incident; `more` answers the rest. */
function stub(more: (c: OutboundCall) => StubResponse | undefined) {
  return (c: OutboundCall): StubResponse | undefined => {
    if (sentinel(c, '/Incidents') && c.method === 'POST') return { body: sample.incident };
    if (sentinel(c, '/entities/account')) return { body: sample.accounts };
    if (sentinel(c, '/entities/ip')) return { body: sample.ips };
    if (sentinel(c, '/Incidents/Comment')) return { body: { id: 'comment-1' } };
    if (sentinel(c, '/Incidents') && c.method === 'PUT') return { body: sample.incident };
    return more(c);
  };
}

describe('playbook definitions', () => {
  for (const p of content.playbooks) it(`${p.baseName} validates (triggers, actions, runAfter graph, expressions, connections)`, () => expect(validatePlaybook(p.data)).toEqual([]));

  it('reports a runAfter cycle, a missing target, a bad expression, unknown references and a connection not in $connections', () => {
    const t = clone(playbook('CDR-EnrichIncidentWithPrincipalActivity'));
    const d = definition(t) as { actions: Record<string, { runAfter?: Record<string, string[]>; inputs?: Record<string, unknown> }> };
    d.actions.Wait_for_automation_delay!.runAfter = { Get_incident: ['Succeeded'] };
    d.actions.Get_incident!.inputs!.body = { incidentArmId: "@triggerBody()?['object']?['id'", extra: "@body('No_such_action')", v: "@variables('Nope')", p: "@parameters('Nope')", later: "@body('Condition_has_accounts')" };
    d.actions['Entities_-_Get_Accounts']!.runAfter = { Missing_action: ['Succeeded'] };
    (d.actions['Entities_-_Get_Accounts']!.inputs!.host as { connection: { name: string } }).connection.name = "@parameters('$connections')['office365']['connectionId']";
    const msgs = validatePlaybook(t).map((p) => p.message).join('\n');
    expect(msgs).toMatch(/runAfter cycle: /);
    expect(msgs).toMatch(/runs after 'Missing_action', which is not an action of the same scope/);
    expect(msgs).toMatch(/expression does not parse/);
    expect(msgs).toMatch(/body\('No_such_action'\) references an action that does not exist/);
    expect(msgs).toMatch(/variables\('Nope'\) is never initialized/);
    expect(msgs).toMatch(/parameters\('Nope'\) is not a parameter/);
    expect(msgs).toMatch(/connection 'office365' is not in \$connections/);
    expect(msgs).toMatch(/body\('Condition_has_accounts'\) references an action that is not guaranteed to have run first/);
  });

  it('refuses an HTTP call that does not use the managed identity and an unbounded Until', () => {
    const t = clone(playbook('CDR-ContainCompromisedIdentity'));
    const d = definition(t) as { actions: Record<string, unknown> };
    d.actions.Call = { runAfter: {}, type: 'Http', inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/me', authentication: { type: 'Raw', value: 'Bearer x' } } };
    d.actions.Poll = { runAfter: {}, type: 'Until', expression: '@equals(1, 1)', actions: {} };
    const msgs = validatePlaybook(t).map((p) => p.message).join('\n');
    expect(msgs).toMatch(/must authenticate with the managed identity/);
    expect(msgs).toMatch(/Until loop needs limit.count and limit.timeout/);
  });

  it('parses @{...} interpolation, @@ escapes and quoted strings', () => {
    expect(parseTemplate("a @{concat('x', 'it''s')} b").map((p) => p.kind)).toEqual(['text', 'expr', 'text']);
    expect(parseTemplate('@@literal')).toEqual([{ kind: 'text', text: '@literal' }]);
    expect(() => parseTemplate("@{concat('x'")).toThrow();
  });
});

describe('simulation: CDR-EnrichIncidentWithPrincipalActivity', () => {
  it('waits for the automation delay, queries each account and posts one comment with the HTML tables', () => {
    const queries: string[] = [];
    const r = simulate(definition(playbook('CDR-EnrichIncidentWithPrincipalActivity')), {
      trigger: { body: sample.trigger }, parameters: { AutomationDelay: 2 },
      stub: stub((c) => {
        if (c.connection !== 'azuremonitorlogs') return undefined;
        const q = String(c.body); queries.push(q);
        if (q.includes('IPAddress = CallerIpAddress')) return { body: { value: q.includes('"alice@contoso.com"') ? [{ IPAddress: '203.0.113.50', Events: 3, Countries: '["NL"]' }, { IPAddress: '198.51.100.10', Events: 3 }] : [{ IPAddress: '10.1.2.3', Events: 1 }] } };
        if (q.includes('by Service = toupper(ResourceProviderValue) |')) return { body: { value: [{ Service: 'MICROSOFT.KEYVAULT', Operations: 2 }] } };
        return { body: { value: [] } };
      }),
    });
    expect(r.status).toBe('Succeeded');
    expect(r.trace.indexOf('Wait_for_automation_delay')).toBeLessThan(r.trace.indexOf('Get_incident'));
    expect(queries).toHaveLength(10);
    expect(queries.filter((q) => q.startsWith('let Principal = "alice@contoso.com";'))).toHaveLength(5);
    expect(queries.filter((q) => q.startsWith('let Principal = "0f1e2d3c') || q.startsWith('let Principal = "6f2c0d8e-3b1a-4c55-9e0a-7d1f2a3b4c5d";'))).toHaveLength(5);
    const comments = r.calls.filter((c) => sentinel(c, '/Incidents/Comment'));
    expect(comments).toHaveLength(1);
    const msg = String((comments[0]!.body as { message: string }).message);
    expect(msg).toMatch(/<h3>alice@contoso.com<\/h3>/);
    expect(msg).toMatch(/<h3>6f2c0d8e-3b1a-4c55-9e0a-7d1f2a3b4c5d<\/h3>/);
    expect(msg).toMatch(/<h4>Source IP addresses<\/h4><table><thead><tr><th>IPAddress<\/th><th>Events<\/th><th>Countries<\/th><\/tr><\/thead><tbody><tr><td>203.0.113.50<\/td><td>3<\/td>/);
    expect(msg).toMatch(/<td>10.1.2.3<\/td>/);
    expect(msg).toMatch(/<h4>Authentication methods<\/h4><p>None in the last 7 days.<\/p>/);
    expect((comments[0]!.body as { incidentArmId: string }).incidentArmId).toBe(sample.trigger.object.id);
  });

  it('an incident without accounts gets a short comment and no query', () => {
    const r = simulate(definition(playbook('CDR-EnrichIncidentWithPrincipalActivity')), {
      trigger: { body: sample.trigger }, parameters: { AutomationDelay: 0 },
      stub: (c) => (sentinel(c, '/entities/account') ? { body: { Accounts: [] } } : stub(() => undefined)(c)),
    });
    expect(r.calls.filter((c) => c.connection === 'azuremonitorlogs')).toEqual([]);
    expect(String((r.calls.find((c) => sentinel(c, '/Incidents/Comment'))!.body as { message: string }).message)).toMatch(/no account entity/);
  });
});

describe('simulation: CDR-AskOwnerWasThisYou', () => {
  const run = (answer: (to: string) => StubResponse) => simulate(definition(playbook('CDR-AskOwnerWasThisYou')), {
    trigger: { body: sample.trigger }, parameters: { AutomationDelay: 2, EscalateTo: 'soc-lead@contoso.com', AnswerTimeout: 4 },
    stub: stub((c) => {
      if (graph(c) && c.target.includes('/security/incidents/42')) return { body: { id: '42', alerts: [{ title: 'Service principal signs in from a new IP after a credential was added to it' }] } };
      if (graph(c) && c.target.includes('/servicePrincipals/6f2c0d8e-3b1a-4c55-9e0a-7d1f2a3b4c5d/owners')) return { body: { value: [{ id: 'o1', mail: 'bob@contoso.com', userPrincipalName: 'bob@contoso.com' }] } };
      if (c.connection === 'office365' && c.target === '/approvalmail/$subscriptions') return answer(String((c.body as { Message: { To: string } }).Message.To));
      return undefined;
    }),
  });
  const updates = (r: ReturnType<typeof run>) => r.calls.filter((c) => sentinel(c, '/Incidents') && c.method === 'PUT').map((c) => c.body as Record<string, unknown>);

  it('asks the user and the service principal owners with the source, activity and impact', () => {
    const r = run(() => ({ body: { SelectedOption: 'It was me', UserEmailAddress: 'x@contoso.com' } }));
    const mails = r.calls.filter((c) => c.connection === 'office365').map((c) => (c.body as { Message: { To: string; Body: string; Options: string } }).Message);
    expect(mails.map((m) => m.To)).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(mails[0]!.Options).toBe('It was me, It was not me');
    expect(mails[0]!.Body).toMatch(/<b>From:<\/b> 203.0.113.50/);
    expect(mails[0]!.Body).toMatch(/Service principal signs in from a new IP after a credential was added to it \(Service principal signs in/);
    expect(mails[0]!.Body).toMatch(/Medium severity; tactics Persistence, InitialAccess/);
    expect(updates(r)).toEqual([]);
    expect(r.calls.filter((c) => sentinel(c, '/Incidents/Comment')).map((c) => String((c.body as { message: string }).message))).toEqual([
      expect.stringMatching(/owner answered 'It was me'<\/b> for alice@contoso.com/), expect.stringMatching(/owner answered 'It was me'<\/b> for 6f2c0d8e/)]);
  });

  it("'It was not me' raises the severity, tags and assigns the incident", () => {
    const r = run((to) => ({ body: { SelectedOption: to === 'alice@contoso.com' ? 'It was not me' : 'It was me', UserEmailAddress: to } }));
    expect(updates(r)).toEqual([expect.objectContaining({ severity: 'High', status: 'Active', ownerAction: 'Assign', owner: 'soc-lead@contoso.com', tagsToAdd: { TagsToAdd: [{ Tag: 'CDR-OwnerDenied' }] } })]);
    expect(r.trace.indexOf('Raise_severity_tag_and_assign')).toBeLessThan(r.trace.indexOf('Comment_owner_denied'));
  });

  it('no answer within the timeout escalates without raising the severity', () => {
    const r = run(() => ({ timedOut: true }));
    const u = updates(r);
    expect(u).toHaveLength(2);
    for (const x of u) { expect(x).toMatchObject({ ownerAction: 'Assign', owner: 'soc-lead@contoso.com', tagsToAdd: { TagsToAdd: [{ Tag: 'CDR-OwnerNoAnswer' }] } }); expect(x.severity).toBeUndefined(); }
    expect(r.calls.filter((c) => sentinel(c, '/Incidents/Comment')).map((c) => String((c.body as { message: string }).message))).toEqual([
      expect.stringMatching(/no answer from alice@contoso.com<\/b> for alice@contoso.com within 4 hour\(s\); escalated to soc-lead@contoso.com/), expect.stringMatching(/no answer from bob@contoso.com/)]);
  });
});

describe('simulation: CDR-ContainCompromisedIdentity', () => {
  const app = { id: 'app-object-1', displayName: 'deploy-pipeline', passwordCredentials: [
    { keyId: 'old-secret', displayName: 'ci', startDateTime: '2026-06-01T00:00:00Z' },
    { keyId: 'new-secret', displayName: 'added by attacker', startDateTime: '2026-11-20T07:40:00Z' }],
    keyCredentials: [{ keyId: 'old-cert', startDateTime: '2026-01-01T00:00:00Z' }, { keyId: 'new-cert', startDateTime: '2026-11-19T23:00:00Z' }] };
  const run = (approval: StubResponse) => simulate(definition(playbook('CDR-ContainCompromisedIdentity')), {
    trigger: { body: sample.trigger }, parameters: { AutomationDelay: 2, CredentialWindow: 24, ApprovalTimeout: 2, Approvers: 'soc-approvers@contoso.com' },
    stub: stub((c) => {
      if (c.connection === 'office365') return approval;
      if (!graph(c)) return undefined;
      if (c.method === 'GET' && c.target.includes('/servicePrincipals/6f2c0d8e')) return { body: { id: 'sp-object-1', appId: '9a8b7c6d-1111-4222-8333-444455556666', displayName: 'deploy-pipeline', passwordCredentials: [] } };
      if (c.method === 'GET' && c.target.includes("/applications(appId='9a8b7c6d-1111-4222-8333-444455556666')")) return { body: app };
      if (c.method === 'POST' || c.method === 'PATCH') return { status: 204 };
      return undefined;
    }),
  });
  const writes = (r: ReturnType<typeof run>) => r.calls.filter((c) => graph(c) && c.method !== 'GET').map((c) => `${c.method} ${c.target.replace('https://graph.microsoft.com/v1.0', '')} ${JSON.stringify(c.body ?? null)}`);

  it('after approval: revokes then disables the user, removes only the credentials added in the incident window, and comments', () => {
    const r = run({ body: { SelectedOption: 'Contain', UserEmailAddress: 'lead@contoso.com' } });
    expect(r.calls.find((c) => c.connection === 'office365')!.body).toMatchObject({ Message: { To: 'soc-approvers@contoso.com', Options: 'Contain, Do not contain' } });
    expect(writes(r)).toEqual([
      'POST /users/0f1e2d3c-0000-4000-8000-00000000a11c/revokeSignInSessions null',
      'PATCH /users/0f1e2d3c-0000-4000-8000-00000000a11c {"accountEnabled":false}',
      'POST /applications/app-object-1/removePassword {"keyId":"new-secret"}',
      'PATCH /applications/app-object-1 {"keyCredentials":[{"keyId":"old-cert","startDateTime":"2026-01-01T00:00:00Z"}]}',
    ]);
    const msg = String((r.calls.filter((c) => sentinel(c, '/Incidents/Comment'))[0]!.body as { message: string }).message);
    expect(msg).toMatch(/approved by lead@contoso.com/);
    expect(msg).toMatch(/Revoked the sign-in sessions of alice@contoso.com and disabled the account./);
    expect(msg).toMatch(/Removed secret new-secret \(added by attacker, added 2026-11-20T07:40:00Z\)/);
    expect(msg).toMatch(/Removed 1 certificate credential\(s\) added since 2026-11-19T07:50:00.000Z/);
  });

  it('never acts without the approval: declined or unanswered requests make no Graph change', () => {
    for (const [answer, text] of [[{ body: { SelectedOption: 'Do not contain', UserEmailAddress: 'lead@contoso.com' } }, /containment declined/], [{ timedOut: true }, /not approved<\/b> within 2 hour/]] as const) {
      const r = run(answer);
      expect(r.calls.filter(graph)).toEqual([]);
      const comments = r.calls.filter((c) => sentinel(c, '/Incidents/Comment')).map((c) => String((c.body as { message: string }).message));
      expect(comments).toEqual([expect.stringMatching(text)]);
    }
  });

  it('a failed disable is reported, not hidden', () => {
    const r = simulate(definition(playbook('CDR-ContainCompromisedIdentity')), {
      trigger: { body: sample.trigger }, parameters: { AutomationDelay: 0, CredentialWindow: 24, ApprovalTimeout: 2, Approvers: 'a@contoso.com' },
      stub: stub((c) => (c.connection === 'office365' ? { body: { SelectedOption: 'Contain', UserEmailAddress: 'a@contoso.com' } } : graph(c) && c.method === 'PATCH' ? { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } } : graph(c) && c.method === 'POST' ? { status: 204 } : graph(c) ? { status: 404 } : undefined)),
    });
    const msg = String((r.calls.filter((c) => sentinel(c, '/Incidents/Comment'))[0]!.body as { message: string }).message);
    expect(msg).toMatch(/FAILED to contain alice@contoso.com: revoke Succeeded, disable Failed/);
    expect(msg).toMatch(/FAILED to read the credentials of service principal 6f2c0d8e/);
  });
});
