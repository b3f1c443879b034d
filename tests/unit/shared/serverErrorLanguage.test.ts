import { afterEach, describe, expect, it } from 'vitest';
import { i18n, shownMessage } from '../../../shared/i18n/i18n';
import { offlineProblem, problemFromResponse } from '../../../shared/serverError';

/*
 * A server refusal reads in the UI language when its `code` is one the resources know, and as the
 * server wrote it (Danish) otherwise; no answer at all reads in the UI language.
 */
describe('server problems in the UI language', () => {
  afterEach(() => void i18n.changeLanguage('da'));

  it('a known code is shown in English when the UI is English, in Danish when Danish', async () => {
    const body = { error: 'Du kan ikke deaktivere dig selv', code: 'sig_selv' };
    expect(problemFromResponse(409, body).message).toBe('Du kan ikke deaktivere dig selv');
    await i18n.changeLanguage('en');
    expect(problemFromResponse(409, body)).toMatchObject({ kind: 'refused', code: 'sig_selv', message: 'You cannot deactivate yourself' });
  });

  it('a field issue repeating the coded message is translated with it; other issues stay as the server wrote them', async () => {
    await i18n.changeLanguage('en');
    const p = problemFromResponse(400, {
      error: 'Den nuværende adgangskode er forkert',
      code: 'forkert_adgangskode',
      issues: [
        { path: 'oldPassword', message: 'Den nuværende adgangskode er forkert' },
        { path: 'x', message: 'Noget andet' },
      ],
    });
    expect(p.issues).toEqual([
      { path: 'oldPassword', message: 'The current password is wrong' },
      { path: 'x', message: 'Noget andet' },
    ]);
  });

  it('a problem that arose in Danish is shown in English after a switch (the sync page draws it later); the server\'s own words stay', async () => {
    const offline = offlineProblem();
    const coded = problemFromResponse(409, { error: 'Du kan ikke deaktivere dig selv', code: 'sig_selv' });
    const status = problemFromResponse(503, null);
    const own = problemFromResponse(409, { error: 'Brugernavnet "mette" er optaget', code: 'optaget' });
    expect(shownMessage(offline)).toMatch(/^Serveren kan ikke nås/);
    await i18n.changeLanguage('en');
    expect(shownMessage(offline)).toMatch(/^The server cannot be reached/);
    expect(shownMessage(coded)).toBe('You cannot deactivate yourself');
    expect(shownMessage(status)).not.toBe(status.message);
    expect(shownMessage(own)).toBe('Brugernavnet "mette" er optaget');
  });

  it("an unknown code, or one with details, keeps the server's Danish text", async () => {
    await i18n.changeLanguage('en');
    expect(problemFromResponse(409, { error: 'Brugernavnet "mette" er optaget', code: 'optaget' }).message).toBe('Brugernavnet "mette" er optaget');
    expect(problemFromResponse(400, { error: 'Noget', code: 'helt_ukendt' }).message).toBe('Noget');
  });

  it('no answer and a bare status are told in the UI language', async () => {
    await i18n.changeLanguage('en');
    expect(offlineProblem().message).toBe('The server cannot be reached. Your changes are saved on this computer and will be sent when there is a connection.');
    expect(problemFromResponse(503, null).message).toBe('The server has an error (503). The app will try again shortly.');
    await i18n.changeLanguage('da');
    expect(offlineProblem(true).message).toMatch(/^Serveren svarede ikke i tide/);
  });
});
