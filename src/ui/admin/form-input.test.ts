// Unit tests of forms as the admin API's input: what each form field becomes before the API's schema sees it.
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../admin/body';
import { newRepository, repositoryUpdate } from '../../admin/handlers/repositories';
import {
  ownersInput,
  ownersText,
  repositoryInput,
  repositorySettingsInput,
  tokenInput,
} from './form-input';

const form = (pairs: [string, string][]) => new URLSearchParams(pairs);

describe('tokenInput', () => {
  it('turns filled scope rows into scopes and skips empty ones', () => {
    const input = tokenInput(
      form([
        ['name', ' ci '],
        ['kind', 'scoped'],
        ['scope0', 'default/charts'],
        ['actions0', 'read'],
        ['actions0', 'write'],
        ['scope1', ''],
        ['scope2', 'team/x'],
        ['expiresInSeconds', '86400'],
      ]),
    );
    expect(input).toEqual({
      name: 'ci',
      scopes: [
        { repository: 'default/charts', actions: ['read', 'write'] },
        { repository: 'team/x', actions: [] },
      ],
      expiresInSeconds: 86400,
    });
  });

  it('sends admin alone, or with the rows filled beside it (the API then refuses both)', () => {
    expect(
      tokenInput(
        form([
          ['name', 'a'],
          ['kind', 'admin'],
        ]),
      ),
    ).toEqual({ name: 'a', admin: true });
    expect(
      tokenInput(
        form([
          ['name', 'a'],
          ['kind', 'admin'],
          ['actions1', 'read'],
        ]),
      ),
    ).toMatchObject({ admin: true, scopes: [{ repository: '', actions: ['read'] }] });
  });

  it('leaves a tampered expiry for the schema to refuse', () => {
    expect(
      tokenInput(
        form([
          ['name', 'a'],
          ['expiresInSeconds', 'soon'],
        ]),
      ).expiresInSeconds,
    ).toBeNaN();
    expect(
      tokenInput(
        form([
          ['name', 'a'],
          ['expiresInSeconds', ''],
        ]),
      ),
    ).not.toHaveProperty('expiresInSeconds');
  });
});

describe('repository inputs', () => {
  it('reads the checkbox as a boolean and passes other values as sent', () => {
    expect(
      repositoryInput(
        form([
          ['storage', 'default'],
          ['name', 'x'],
          ['visibility', 'secret'],
          ['allowOverwrite', 'on'],
        ]),
      ),
    ).toEqual({
      storage: 'default',
      name: 'x',
      mode: undefined,
      visibility: 'secret',
      allowOverwrite: true,
    });
    expect(repositorySettingsInput(form([]))).toEqual({
      mode: undefined,
      visibility: undefined,
      allowOverwrite: false,
    });
  });
});

const ID = '2d8a1f3c-4b5e-4f60-9a7b-8c9d0e1f2a3b';

describe('the Artifact Hub fields', () => {
  it('reads one owner a line, `Name <email>` or `email`, skipping blank lines', () => {
    const owners = [
      { name: 'Platform <ops> team', email: 'platform@example.com' },
      { email: 'second@example.org' },
    ];
    expect(
      ownersInput(' Platform <ops> team  < platform@example.com >\r\n\n  second@example.org \n'),
    ).toEqual(owners);
    expect(ownersInput('<only@example.com>')).toEqual([{ email: 'only@example.com' }]);
    expect(ownersInput(ownersText(owners))).toEqual(owners); // what the edit form shows reads back
  });

  it('keeps a line of any other shape whole, so the schema refuses it', () => {
    expect(ownersInput('Name email@example.com')).toEqual([{ email: 'Name email@example.com' }]);
    expect(ownersInput('A <a@example.com> trailing')).toEqual([
      { email: 'A <a@example.com> trailing' },
    ]);
    expect(() =>
      parseInput(
        repositoryUpdate,
        repositorySettingsInput(
          form([
            ['artifactHubRepositoryId', ID],
            ['artifactHubOwners', 'ok@example.com\nName email@example.com'],
          ]),
        ),
      ),
    ).toThrow('artifactHub.owners.1.email: must be an email address');
  });

  it('reads at most one line past the limit, for the schema’s own message', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `o${i}@example.com`).join('\n');
    expect(ownersInput(lines)).toHaveLength(21);
    expect(() =>
      parseInput(
        newRepository,
        repositoryInput(
          form([
            ['storage', 'default'],
            ['name', 'x'],
            ['artifactHubRepositoryId', ID],
            ['artifactHubOwners', lines],
          ]),
        ),
      ),
    ).toThrow('artifactHub.owners: at most 20 owners');
  });

  it('clears on edit when both are empty, sets nothing on create, leaves absent fields alone', () => {
    const empty = form([
      ['storage', 'default'],
      ['name', 'x'],
      ['artifactHubRepositoryId', ' '],
      ['artifactHubOwners', '\n'],
    ]);
    expect(repositorySettingsInput(empty).artifactHub).toBeNull();
    expect(repositoryInput(empty)).not.toHaveProperty('artifactHub');
    expect(repositorySettingsInput(form([])).artifactHub).toBeUndefined();
    expect(
      parseInput(
        repositoryUpdate,
        repositorySettingsInput(
          form([
            ['artifactHubRepositoryId', ` ${ID.toUpperCase()} `],
            ['artifactHubOwners', ''],
          ]),
        ),
      ).artifactHub,
    ).toEqual({ repositoryId: ID, owners: [] });
  });

  it('sends owners without an ID to the schema, which asks for the ID', () => {
    expect(() =>
      parseInput(
        repositoryUpdate,
        repositorySettingsInput(
          form([
            ['artifactHubRepositoryId', ''],
            ['artifactHubOwners', 'a@example.com'],
          ]),
        ),
      ),
    ).toThrow('artifactHub.repositoryId: must be an Artifact Hub repository ID (a UUID)');
  });
});
