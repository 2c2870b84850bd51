/**
 * The solution's identity and publisher metadata, from Solution/Data/Solution_CDR.json and SolutionMetadata.json.
 * Links, support contact and dates come only from SolutionMetadata.json; `metadataChecks` rejects placeholders
 * (example domains, bare host URLs, a first publish date that is not the first release in ReleaseNotes.md).
 */
import type { Content } from '../content/model.js';

export interface SolutionInfo {
  name: string; version: string; id: string; author: string; authorName: string; email: string | undefined; logo: string;
  description: string; descriptionHtml: string; publisherDisplayName: string; releaseNotesUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  support: any; firstPublishDate: string; lastPublishDate: string | undefined; providers: string[]; categories: Record<string, string[]>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function solutionInfo(c: Content, meta: any): SolutionInfo {
  const d = c.solution!.data;
  const [authorName, email] = String(d.Author).split(' - ');
  const categories: Record<string, string[]> = { domains: meta.categories?.domains ?? [] };
  if (meta.categories?.verticals?.length) categories.verticals = meta.categories.verticals;
  const support = meta.support ?? {};
  const releaseNotesUrl = String(meta.releaseNotes ?? '');
  return {
    name: d.Name, version: d.Version, id: `${meta.publisherId}.${meta.offerId}`.toLowerCase(), author: d.Author,
    authorName: authorName ?? d.Author, email: email ?? support.email, logo: d.Logo, description: d.Description,
    descriptionHtml: `<p><strong>Note:</strong> Please refer to the following before installing the solution:</p><p>• Review the solution <a href="${escapeHtml(releaseNotesUrl)}">Release Notes</a></p><p>${escapeHtml(d.Description)}</p>`,
    publisherDisplayName: support.tier === 'Microsoft' ? `Microsoft Sentinel, ${support.name}` : support.name,
    releaseNotesUrl, support, firstPublishDate: meta.firstPublishDate, lastPublishDate: meta.lastPublishDate, providers: meta.providers ?? [], categories,
  };
}
