import type { ItemContent } from '../repository/domain/item';
import { hasSecretsOrFiles, stripSecretsAndFiles } from './strip-secrets';

describe('stripSecretsAndFiles and hasSecretsOrFiles', () => {
  const param = (fields: Record<string, unknown>) => ({ name: 'p', datatype: 'string', value: 'v', ...fields });
  /** Each content and what stripping must make of it (written out, not computed): contents with something to strip… */
  const toStrip: [string, ItemContent, ItemContent][] = [
    [
      'a password',
      { importCredentials: [param({ datatype: 'password', value: 's3cret' })] },
      { importCredentials: [{ name: 'p', datatype: 'password', value: null }] },
    ],
    [
      'a password spelt "Password"',
      { importCredentials: [param({ datatype: 'Password', value: 's3cret' })] },
      { importCredentials: [{ name: 'p', datatype: 'Password', value: null }] },
    ],
    [
      'a password spelt "PASSWORD"',
      { exportCredentials: [param({ datatype: 'PASSWORD', value: 's3cret', displayValue: '****' })] },
      { exportCredentials: [{ name: 'p', datatype: 'PASSWORD', value: null, displayValue: '****' }] },
    ],
    [
      'a password without a value',
      { importCredentials: [param({ datatype: 'password', value: undefined })] },
      { importCredentials: [{ name: 'p', datatype: 'password', value: null }] },
    ],
    [
      'an isSet flag',
      { importCredentials: [param({ datatype: 'password', value: null, isSet: true })] },
      { importCredentials: [{ name: 'p', datatype: 'password', value: null }] },
    ],
    [
      'an upload: its file name is kept on show',
      { exportCredentials: [param({ datatype: 'upload', value: 'roads.shp' })] },
      { exportCredentials: [{ name: 'p', datatype: 'upload', value: null, displayValue: 'roads.shp' }] },
    ],
    [
      'an upload spelt "UPLOAD" with a display value of its own',
      { exportCredentials: [param({ datatype: 'UPLOAD', value: 'C:\\tmp\\upload_1.tmp', displayValue: 'roads.zip' })] },
      { exportCredentials: [{ name: 'p', datatype: 'UPLOAD', value: null, displayValue: 'roads.zip' }] },
    ],
    [
      'a password among other params, in both lists',
      {
        importCredentials: [param({ name: 'user', value: 'scott' }), param({ name: 'pw', datatype: 'password', value: 'tiger' })],
        exportCredentials: [param({ name: 'pw', datatype: 'Password', value: 'lion' })],
      },
      {
        importCredentials: [
          { name: 'user', datatype: 'string', value: 'scott' },
          { name: 'pw', datatype: 'password', value: null },
        ],
        exportCredentials: [{ name: 'pw', datatype: 'Password', value: null }],
      },
    ],
  ];
  /** …and contents with nothing to strip. */
  const nothingToStrip: [string, ItemContent, ItemContent][] = [
    ['no params', { other: 1 }, { other: 1 }],
    [
      'plain params',
      { importCredentials: [param({})], exportCredentials: [param({ value: null })] },
      { importCredentials: [{ name: 'p', datatype: 'string', value: 'v' }], exportCredentials: [{ name: 'p', datatype: 'string', value: null }] },
    ],
    [
      'a password already stripped',
      { importCredentials: [param({ datatype: 'password', value: null })] },
      { importCredentials: [{ name: 'p', datatype: 'password', value: null }] },
    ],
    [
      'an upload already stripped',
      { exportCredentials: [param({ datatype: 'upload', value: null, displayValue: 'roads.shp' })] },
      { exportCredentials: [{ name: 'p', datatype: 'upload', value: null, displayValue: 'roads.shp' }] },
    ],
  ];

  /** Strips `content` into `expected`, with no secret or file left; `changes`: whether `content` had anything to strip. */
  const expectStripped = (content: ItemContent, expected: ItemContent, changes: boolean) => {
    expect(hasSecretsOrFiles(content)).toBe(changes);
    const stripped = stripSecretsAndFiles(structuredClone(content));
    expect(stripped).toEqual(expected);
    expect(JSON.stringify(stripped)).not.toMatch(/s3cret|tiger|lion|upload_1/);
    expect(hasSecretsOrFiles(stripped)).toBe(false);
  };
  it.each(toStrip)('%s', (_, content, expected) => expectStripped(content, expected, true));
  it.each(nothingToStrip)('%s', (_, content, expected) => expectStripped(content, expected, false));
});
