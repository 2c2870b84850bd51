/**
 * The keyed anonymiser of `cdr record --anonymise`: consistent pseudonyms across columns, tables, resource ids,
 * dynamic values and free text; the shapes the issue asks for (UPN local part, example domain, private/public and
 * /24 grouping kept in documentation ranges, GUIDs); stable under the same key, different under another; and on a
 * real-shaped recording no identifier of the input survives anywhere in the output.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIPv4, isIPv6 } from 'node:net';
import { Anonymiser, loadPolicy } from '../../tools/live/anonymise/anonymiser.js';
import { expandIPv6 } from '../../tools/live/anonymise/pseudonyms.js';
import { projectTableSchemas } from '../../tools/kusto/table-schemas.js';

const KEY = Buffer.from('test-key-0123456789abcdef');
const fx = (s: string) => join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', s);
const policy = loadPolicy();
const typesOf = (table: string) => new Map(projectTableSchemas().get(table)!.columns.map((c) => [c.name, c.type as string]));
const make = (key = KEY) => new Anonymiser(policy, key);

describe('anonymiser', () => {
  it('UPNs keep the local-part shape and go to example.com; the same user is the same pseudonym in every form', () => {
    const a = make();
    const p = a.email('John.Smith2@contoso.com');
    expect(p).toMatch(/^[A-Z][a-z]{3}\.[A-Z][a-z]{4}\d@[a-z]{4,16}\.example\.com$/);
    expect(a.email('john.smith2@CONTOSO.com').toLowerCase()).toBe(p.toLowerCase());
    expect(a.text(`signed in as John.Smith2@contoso.com from home`)).toBe(`signed in as ${p} from home`);
    const guest = a.email('alice_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    expect(guest).toMatch(/^[a-z]{5}_[a-z]{8}\.[a-z]{3}#EXT#@[a-z]+\.example\.com$/);
    expect(a.email('x@fabrikam.com').split('@')[1]).not.toBe(p.split('@')[1]);
  });

  it('IPv4: private stays private, public goes to documentation/benchmark ranges, /24 grouping and host octet kept', () => {
    const a = make();
    const p1 = a.ip('10.20.0.40'), p2 = a.ip('10.20.0.41'), p3 = a.ip('10.20.1.40');
    expect(p1.startsWith('10.')).toBe(true);
    expect(p1.split('.').slice(0, 3)).toEqual(p2.split('.').slice(0, 3));
    expect(p1.split('.').slice(0, 3)).not.toEqual(p3.split('.').slice(0, 3));
    expect(p1.split('.')[3]).toBe('40');
    expect(a.ip('192.168.1.7')).toMatch(/^192\.168\.\d+\.7$/);
    expect(a.ip('172.20.3.9')).toMatch(/^172\.(1[6-9]|2\d|3[01])\.\d+\.9$/);
    const pub = ['52.1.2.3', '52.1.2.99', '8.8.8.8', '198.51.100.77', '203.0.113.5'].map((x) => a.ip(x));
    for (const x of pub) expect(x).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113|198\.1[89]\.\d+)\.\d+$/);
    expect(pub[0]!.split('.').slice(0, 3)).toEqual(pub[1]!.split('.').slice(0, 3));
    expect(pub[3]).not.toBe('198.51.100.77');
    expect(new Set(pub.map((x) => x.split('.').slice(0, 3).join('.'))).size).toBe(4);
    expect(a.ip('127.0.0.1')).toBe('127.0.0.1');
  });

  it('IPv6: public goes to 2001:db8::/32 keeping the /64, ULA stays ULA, IPv4-mapped gets the IPv4 treatment', () => {
    const a = make();
    const x = a.ip('2a01:111:f400:1::25'), y = a.ip('2a01:111:f400:1::26'), z = a.ip('2a01:111:f400:2::25');
    for (const v of [x, y, z]) { expect(isIPv6(v)).toBe(true); expect(expandIPv6(v)!.slice(0, 2)).toEqual([0x2001, 0xdb8]); }
    expect(expandIPv6(x)!.slice(0, 4)).toEqual(expandIPv6(y)!.slice(0, 4));
    expect(expandIPv6(x)!.slice(0, 4)).not.toEqual(expandIPv6(z)!.slice(0, 4));
    expect(expandIPv6(a.ip('fd12:3456:789a:1::1'))![0]! >> 8).toBe(0xfd);
    expect(a.ip('::ffff:10.1.2.3')).toMatch(/^::ffff:10\.\d+\.\d+\.3$/);
    expect(a.text('from 2a01:111:f400:1::25 at 10:20:30')).toBe(`from ${x} at 10:20:30`);
  });

  it('GUIDs become v4-shaped GUIDs in the same case; built-in role and first-party app ids are kept', () => {
    const a = make();
    const g = a.guid('5F3A1C2E-7B4D-4E8A-9C61-0D2E4F6A8B10');
    expect(g).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(a.guid('5f3a1c2e-7b4d-4e8a-9c61-0d2e4f6a8b10')).toBe(g.toLowerCase());
    expect(a.guid('8e3af657-a8ff-443c-a75c-2fe8c4bcb635')).toBe('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
  });

  it('resource ids, columns, dynamic values and free text agree; providers and types are kept', () => {
    const a = make();
    const types = typesOf('AzureActivity');
    const row = {
      SubscriptionId: '22222222-2222-4222-8222-222222222222', ResourceGroup: 'RG-PROD', Resource: 'vm-app01',
      _ResourceId: '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/RG-PROD/providers/Microsoft.Compute/virtualMachines/vm-app01',
      OperationNameValue: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION',
      Properties: JSON.stringify({ message: 'Run Command on vm-app01 by ops@contoso.com from 52.1.2.3', entity: '/subscriptions/22222222-2222-4222-8222-222222222222/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-app01' }),
      Claims_d: { ipaddr: '52.1.2.3', 'http://schemas.microsoft.com/identity/claims/objectidentifier': '0c0c0c0c-1111-4222-8333-a11ce0000001' },
    };
    a.learn('AzureActivity', row, types);
    const out = a.row('AzureActivity', row, types) as typeof row;
    const sub = out.SubscriptionId, rg = out.ResourceGroup, vm = out.Resource;
    expect(rg).toMatch(/^[A-Z]{2}-[A-Z]{4}$/);
    expect(vm).toMatch(/^[a-z]{2}-[a-z]{3}\d\d$/);
    expect(out._ResourceId).toBe(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`);
    expect(out.OperationNameValue).toBe(row.OperationNameValue);
    const props = JSON.parse(out.Properties) as { message: string; entity: string };
    expect(props.message).toBe(`Run Command on ${vm} by ${a.email('ops@contoso.com')} from ${a.ip('52.1.2.3')}`);
    expect(props.entity).toBe(out._ResourceId.toLowerCase());
    expect(out.Claims_d.ipaddr).toBe(a.ip('52.1.2.3'));
    expect(out.Claims_d['http://schemas.microsoft.com/identity/claims/objectidentifier']).toBe(a.guid('0c0c0c0c-1111-4222-8333-a11ce0000001'));
  });

  it('keyed: the same key gives the same pseudonyms in a new run, another key different ones', () => {
    const values = ['alice@contoso.com', '52.1.2.3', '5f3a1c2e-7b4d-4e8a-9c61-0d2e4f6a8b10'];
    const run = (k: Buffer) => { const a = make(k); return [a.email(values[0]!), a.ip(values[1]!), a.guid(values[2]!)]; };
    expect(run(KEY)).toEqual(run(Buffer.from(KEY)));
    const other = run(Buffer.from('another-key-0123456789'));
    run(KEY).forEach((v, i) => expect(other[i]).not.toBe(v));
    expect(() => make(Buffer.from('short'))).toThrow(/at least 16 bytes/);
  });

  it('no identifier of a real-shaped recording survives anywhere in the anonymised rows', () => {
    const a = make();
    const types = typesOf('AzureActivity');
    const rows = readFileSync(fx('backtest-runcommand-week/AzureActivity.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of rows) a.learn('AzureActivity', r, types);
    const out = JSON.stringify(rows.map((r) => a.row('AzureActivity', r, types)));
    const input = JSON.stringify(rows);
    // Identifiers found in the input independently of the anonymiser: addresses, GUIDs, IPs, resource names.
    const found = new Set<string>([
      ...input.match(/[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/g)!,
      ...input.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)!,
      ...input.match(/\d+\.\d+\.\d+\.\d+/g)!.filter((x) => isIPv4(x)),
      '2001:db8:10::25', 'contoso', 'mallory', 'patch-automation', 'vm-app01', 'vm-app02', 'vm-db01', 'srv-file01', 'rg-prod', 'rg-onprem',
    ]);
    expect(found.size).toBeGreaterThan(20);
    const survivors = [...found].filter((v) => out.toLowerCase().includes(v.toLowerCase()));
    expect(survivors).toEqual([]);
    const s = a.summary();
    expect(s.email.distinct).toBe(3);
    expect(s.domain.distinct).toBe(1);
    expect(s.ip.distinct).toBe(3);
    expect(s.name.distinct).toBeGreaterThanOrEqual(6);
    expect(s.guid.distinct).toBeGreaterThanOrEqual(13);
  });
});
