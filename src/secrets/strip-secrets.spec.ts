import type { ItemContent } from '../repository/domain/item';
import { hasSecretsOrFiles, stripSecretsAndFiles } from './strip-secrets';

describe('stripSecretsAndFiles and hasSecretsOrFiles', () => {
  const param = (fields: Record<string, unknown>) => ({ name: 'p', datatype: 'string', value: 'v', ...fields });
  const cases: Record<string, ItemContent> = {
    'no params': { other: 1 },
    'plain params': { importCredentials: [param({})], exportCredentials: [param({ value: null })] },
    'a password': { importCredentials: [param({ datatype: 'password', value: 's3cret' })] },
    'a password already stripped': { importCredentials: [param({ datatype: 'password', value: null })] },
    'a password without a value': { importCredentials: [param({ datatype: 'password', value: undefined })] },
    'an upload': { exportCredentials: [param({ datatype: 'upload', value: 'roads.shp' })] },
    'an upload already stripped': { exportCredentials: [param({ datatype: 'upload', value: null, displayValue: 'roads.shp' })] },
    'a password spelt "Password"': { importCredentials: [param({ datatype: 'Password', value: 's3cret' })] },
    'an upload spelt "UPLOAD"': { exportCredentials: [param({ datatype: 'UPLOAD', value: 'roads.shp' })] },
    'an isSet flag': { importCredentials: [param({ datatype: 'password', value: null, isSet: true })] },
  };

  it.each(Object.entries(cases))('tells whether stripping changes the content: %s', (_, content) => {
    const before = JSON.stringify(content);
    const after = JSON.stringify(stripSecretsAndFiles(structuredClone(content)));
    expect(hasSecretsOrFiles(content)).toBe(after !== before);
  });

  it('blanks passwords and uploads, keeping the upload file name on show', () => {
    const stripped = stripSecretsAndFiles(structuredClone(cases['an upload']));
    expect(stripped.exportCredentials).toEqual([{ name: 'p', datatype: 'upload', value: null, displayValue: 'roads.shp' }]);
    expect(hasSecretsOrFiles(stripped)).toBe(false);
  });

  it('recognises datatypes whatever their case', () => {
    const stripped = stripSecretsAndFiles(structuredClone(cases['a password spelt "Password"']));
    expect(stripped.importCredentials).toEqual([{ name: 'p', datatype: 'Password', value: null }]);
  });
});
