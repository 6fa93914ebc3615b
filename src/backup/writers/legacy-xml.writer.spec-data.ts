import type { ItemType, RuleNode } from '../../repository/domain/item';
import type { BackupItem } from '../backup-item';

/**
 * Hand-built items shaped like the fixtures (rule/template bodies from HPMS--Rule-HPMS.xml,
 * actions and action maps from the HPMS repository items, data stores and sessions as
 * HPMS--Session-HPMS.xml holds them) and the legacy XML 1Integrate would write for them, plus
 * what only the API makes: a number, a task kind that is no XML name, `rules`/`actions` lists,
 * a field the layout does not know (written as `<Property>`). Ids: `f-` folder, `t-` template, `r-` rule, `a-` action,
 * `m-` action map, `d-` data store, `s-` session.
 */
const item = (id: string, type: ItemType, folderPath: string, name: string, content: Record<string, unknown> = {}): BackupItem => ({
  id,
  type,
  name,
  folderPath,
  description: type === 'folder' ? '' : `About ${name}`,
  comments: type === 'folder' ? '' : 'Branch: master\nRecent Commits:\n',
  createdBy: '1Spatial',
  createdAt: '2019-11-03T02:15:18.000Z',
  lastEditedBy: 'alice',
  lastEditedAt: '2020-01-02T00:27:15.000Z',
  content,
});
/** A node of a rule tree: its kind, its attributes (if any), the nodes under it. */
export const n = (kind: string, attributes?: Record<string, string>, ...predicates: RuleNode[]): RuleNode => ({
  kind,
  ...(attributes ? { attributes } : {}),
  ...(predicates.length ? { predicates } : {}),
});
/** The Rule or Action node at the top of a rule's or action's tree, over the one node under it. */
export const tree = (kind: 'Rule' | 'Action', top: RuleNode) => n(kind, undefined, top);
/** A template's node: its Parameter (a class), then what the template does with an object of that class. */
export const template = (classLabel: string, body: RuleNode) => n('Template', undefined, n('Parameter', { classLabel, objLabel: '' }), body);
const iri = (propName: string, extra: Record<string, string> = {}) => n('DynamicValue', { classRef: 'IRI', objRef: '', propName, ...extra });
const onIri = (kind: 'RootPredicate' | 'RootOperation', top: RuleNode) => n(kind, { classLabel: 'IRI', objLabel: '' }, top);
/** Value_Date (as `valueDate` has it) equals Year_Record: the template's predicate and the rule's made from it. */
const sameYear = (attributes: Record<string, string> | undefined, valueDate: RuleNode) =>
  n('RelationalPredicate', attributes, valueDate, n('EqualsRelation'), iri('Year_Record'));
const note = n('TemporaryValue', { scope: 'local', dataType: '', name: 'note' });

export const HAND_BUILT: BackupItem[] = [
  item('f-hpms', 'folder', '/', 'HPMS'),
  item('f-checks', 'folder', '/HPMS', 'Checks'),
  item('f-templates', 'folder', '/HPMS', 'Templates'),
  item('f-empty', 'folder', '/', 'Empty'),
  item('t-year', 'rule-template', '/HPMS/Templates', 'Same Year', {
    rootTerm: tree('Rule', template('IRI', sameYear(undefined, iri('Value_Date', { template_param: '1' })))),
  }),
  item('t-markup', 'action-template', '/HPMS/Templates', 'Markup', {
    rootTerm: tree('Action', template('IRI', n('AssignmentOperation', undefined, note, n('StaticValue', { datatype: 'string', value: 'bad' })))),
  }),
  item('r-iri', 'rule', '/HPMS/Checks', 'IRI Year', {
    rootTerm: tree('Rule', onIri('RootPredicate', sameYear({ template_id: 't-year', template_name: 'Same Year', template_type: 'Rule' }, iri('Value_Date')))),
  }),
  item('a-markup', 'action', '/HPMS/Checks', 'Markup IRI', {
    rootTerm: tree(
      'Action',
      onIri(
        'RootOperation',
        n(
          'SequenceOperation',
          { template_id: 't-markup', template_name: 'Markup', template_num_params: '1', template_type: 'Action' },
          n('AssignmentOperation', undefined, note, n('NullValue')),
          n('DeleteObjectOperation', { classRef: 'IRI', objRef: '' }),
        ),
      ),
    ),
  }),
  item('m-iri', 'action-map', '/HPMS/Checks', 'IRI Year', { pairs: [{ rule: 'r-iri', action: 'a-markup' }] }),
  item('d-arnold', 'datastore', '/HPMS', 'ARNOLD', {
    importCredentialsType: 'geometry',
    importType: 'Comma Separated Value (CSV)',
    importCredentials: [
      { name: 'Source Files (.csv,.gz,.txt)', datatype: 'upload', displayValue: 'Sample.csv', value: null },
      { name: 'Field separator', datatype: 'string', displayValue: '', value: ',' },
    ],
    exportCredentialsType: 'geometry',
    exportType: 'PostGIS',
    exportCredentials: [{ name: 'Password', datatype: 'password', displayValue: '', value: 's3cret!' }],
    inputSchema: {
      classes: [
        {
          name: 'Sections',
          attrs: [
            { minOccurs: '1', maxOccurs: '1', name: 'Shape_Length', datatype: 'fme_real64' },
            { minOccurs: '1', maxOccurs: '1', name: 'Route_ID', datatype: 'fme_varchar', params: [{ name: 'length', value: '80' }] },
          ],
          unMapped: true,
        },
      ],
    },
    importMapping: {
      fixed_target: 'false',
      classMappings: [
        {
          source: 'Sections',
          target: 'Sections',
          disabled: 'false',
          attributeMappings: [{ source: 'Route_ID', target: 'Route_ID', target_type: 'String', disabled: 'false', indexed: 'false', reported: 'false' }],
        },
      ],
    },
  }),
  item('s-rules', 'session', '/HPMS', 'HPMS Rules', {
    priority: '0',
    buffer: '0.0',
    partitioned: 'false',
    productionMode: 'false',
    tasks: [
      { kind: 'OpenData', label: '1', datastore: 'd-arnold', enableTopology: 'false', openedDataBufferDistance: 0 },
      { kind: 'CheckRules', label: '2', conformanceRule: 'r-iri' },
      { kind: 'CheckRules', rules: ['r-iri'], taskIdentifier: '3b9da025' },
      { kind: 'ApplyActions', actions: ['a-markup'] },
      { kind: 'ApplyActionMap', label: '174', actionMap: 'm-iri' },
      { kind: 'BuildTopology', label: '331', modelType: 'NETWORK', tolerance: '0.0', classes: ['ARNOLD', 'NHS'] },
      { kind: 'Pause', label: '425' },
      { kind: 'Copy To', datastore: 'd-arnold' },
    ],
  }),
];

const meta = (name: string, item = false) =>
  `<Metadata><Name>${name}</Name>${
    item ? `<Description>About ${name}</Description><Comments>Branch: master\nRecent Commits:\n</Comments>` : ''
  }<Created><UserDate date="2019-11-03T02:15:18.000Z" user="1Spatial"/></Created><LastEdited><UserDate date="2020-01-02T00:27:15.000Z" user="alice"/></LastEdited></Metadata><IsShortcut>false</IsShortcut>`;
const root = (element: string, name: string, inner: string) =>
  `<${element}><Metadata><Name>${name}</Name><Created><UserDate/></Created><LastEdited><UserDate/></LastEdited></Metadata><IsShortcut>false</IsShortcut>${inner}</${element}>`;
const folder = (element: string, name: string, inner = '') => `<${element}>${meta(name)}${inner}</${element}>`;
const entry = (id: string, body: string) => `<Item id="${id}">${meta(id.split('/').pop()!, true)}${body}</Item>`;

const IRI_YEAR =
  '<DynamicValue classRef="IRI" objRef="" propName="Value_Date"/><EqualsRelation/><DynamicValue classRef="IRI" objRef="" propName="Year_Record"/>';

export const EXPECTED_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
${root(
  'DataStoreFolder',
  'DATASTORE',
  folder(
    'DataStoreFolder',
    'HPMS',
    entry(
      'DATASTORE://HPMS/ARNOLD',
      `<DataStore>
  <ImportCredentials><Credentials type="geometry" name="Comma Separated Value (CSV)">
    <param name="Source Files (.csv,.gz,.txt)" datatype="upload" displayValue="Sample.csv"/>
    <param name="Field separator" datatype="string" displayValue="">,</param>
  </Credentials></ImportCredentials>
  <ExportCredentials><Credentials type="geometry" name="PostGIS"><param name="Password" datatype="password" displayValue=""/></Credentials></ExportCredentials>
  <InputSchema><Schema><Class name="Sections">
    <Attribute minOccurs="1" maxOccurs="1" name="Shape_Length" datatype="fme_real64"/>
    <Attribute minOccurs="1" maxOccurs="1" name="Route_ID" datatype="fme_varchar"><param name="length">80</param></Attribute>
    <Property name="unMapped">true</Property>
  </Class></Schema></InputSchema>
  <ImportMapping><SchemaMapping fixed_target="false"><SimpleClassMapping source="Sections" target="Sections" disabled="false">
    <SimpleAttributeMapping source="Route_ID" target="Route_ID" target_type="String" disabled="false" indexed="false" reported="false"/>
  </SimpleClassMapping></SchemaMapping></ImportMapping>
</DataStore>`,
    ),
  ),
)}
${root(
  'RuleFolder',
  'RULE',
  folder(
    'RuleFolder',
    'HPMS',
    folder(
      'RuleFolder',
      'Checks',
      entry(
        'RULE://HPMS/Checks/IRI Year',
        `<Rule><RootPredicate classLabel="IRI" objLabel="">
    <RelationalPredicate template_id="RULE://HPMS/Templates/Same Year" template_name="Same Year" template_type="Rule">${IRI_YEAR}</RelationalPredicate>
  </RootPredicate></Rule>`,
      ),
    ) +
      folder(
        'RuleFolder',
        'Templates',
        entry(
          'RULE://HPMS/Templates/Same Year',
          `<Rule><Template><Parameter classLabel="IRI" objLabel=""/>
    <RelationalPredicate><DynamicValue classRef="IRI" objRef="" propName="Value_Date" template_param="1"/><EqualsRelation/><DynamicValue classRef="IRI" objRef="" propName="Year_Record"/></RelationalPredicate>
  </Template></Rule>`,
        ),
      ),
  ) + folder('RuleFolder', 'Empty'),
)}
${root(
  'ActionFolder',
  'ACTION',
  folder(
    'ActionFolder',
    'HPMS',
    folder(
      'ActionFolder',
      'Checks',
      entry(
        'ACTION://HPMS/Checks/Markup IRI',
        `<Action><RootOperation classLabel="IRI" objLabel="">
    <SequenceOperation template_id="ACTION://HPMS/Templates/Markup" template_name="Markup" template_num_params="1" template_type="Action">
      <AssignmentOperation><TemporaryValue scope="local" dataType="" name="note"/><NullValue/></AssignmentOperation>
      <DeleteObjectOperation classRef="IRI" objRef=""/>
    </SequenceOperation></RootOperation></Action>`,
      ),
    ) +
      folder(
        'ActionFolder',
        'Templates',
        entry(
          'ACTION://HPMS/Templates/Markup',
          `<Action><Template><Parameter classLabel="IRI" objLabel=""/>
    <AssignmentOperation><TemporaryValue scope="local" dataType="" name="note"/><StaticValue datatype="string" value="bad"/></AssignmentOperation>
  </Template></Action>`,
        ),
      ),
  ),
)}
${root(
  'ActionMapFolder',
  'ACTION_MAP',
  folder(
    'ActionMapFolder',
    'HPMS',
    folder(
      'ActionMapFolder',
      'Checks',
      entry(
        'ACTION_MAP://HPMS/Checks/IRI Year',
        '<ActionMap><RuleActionPair><Rule>RULE://HPMS/Checks/IRI Year</Rule><Action>ACTION://HPMS/Checks/Markup IRI</Action></RuleActionPair></ActionMap>',
      ),
    ),
  ),
)}
${root(
  'SessionFolder',
  'SESSION',
  folder(
    'SessionFolder',
    'HPMS',
    entry(
      'SESSION://HPMS/HPMS Rules',
      `<Session>
  <Priority>0</Priority><Buffer>0.0</Buffer><Partitioned>false</Partitioned><ProductionMode>false</ProductionMode>
  <Tasks>
    <OpenDataTask><label>1</label><datastore>DATASTORE://HPMS/ARNOLD</datastore><enableTopology>false</enableTopology>
      <Property name="openedDataBufferDistance">0</Property></OpenDataTask>
    <CheckRulesTask><label>2</label><conformanceRule>RULE://HPMS/Checks/IRI Year</conformanceRule></CheckRulesTask>
    <CheckRulesTask><rules><rule>RULE://HPMS/Checks/IRI Year</rule></rules><taskIdentifier>3b9da025</taskIdentifier></CheckRulesTask>
    <ApplyActionsTask><actions><action>ACTION://HPMS/Checks/Markup IRI</action></actions></ApplyActionsTask>
    <ApplyActionMapTask><label>174</label><actionMap>ACTION_MAP://HPMS/Checks/IRI Year</actionMap></ApplyActionMapTask>
    <BuildTopologyTask><label>331</label><modelType>NETWORK</modelType><tolerance>0.0</tolerance>
      <classes><className>ARNOLD</className><className>NHS</className></classes></BuildTopologyTask>
    <PauseTask><label>425</label></PauseTask>
    <Task kind="Copy To"><datastore>DATASTORE://HPMS/ARNOLD</datastore></Task>
  </Tasks>
</Session>`,
    ),
  ),
)}
</Backup>`;
