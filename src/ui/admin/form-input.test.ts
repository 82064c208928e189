// Unit tests of forms as the admin API's input: what each form field becomes before the API's schema sees it.
import { describe, expect, it } from 'vitest';
import { repositoryInput, repositorySettingsInput, tokenInput } from './form-input';

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
