import type { ItemType, RuleNode } from '../../repository/domain/item';
import type { BackupItem } from '../backup-item';

/**
 * Hand-built items shaped like the fixtures (rule/template bodies from HPMS--Rule-HPMS.xml,
 * actions, action maps, data stores and sessions from the HPMS repository items) and the legacy
 * XML 1Integrate would write for them. Ids: `f-` folder, `t-` template, `r-` rule, `a-` action,
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
const n = (kind: string, attributes?: Record<string, string>, ...predicates: RuleNode[]): RuleNode => ({
  kind,
  ...(attributes ? { attributes } : {}),
  ...(predicates.length ? { predicates } : {}),
});
const iri = (propName: string, extra: Record<string, string> = {}) => n('DynamicValue', { classRef: 'IRI', objRef: '', propName, ...extra });

export const HAND_BUILT: BackupItem[] = [
  item('f-hpms', 'folder', '/', 'HPMS'),
  item('f-checks', 'folder', '/HPMS', 'Checks'),
  item('f-templates', 'folder', '/HPMS', 'Templates'),
  item('f-empty', 'folder', '/', 'Empty'),
  item('t-year', 'rule-template', '/HPMS/Templates', 'Same Year', {
    rootTerm: n('Rule', undefined, n('Template', undefined, n('Parameter', { classLabel: 'IRI', objLabel: '' }),
      n('RelationalPredicate', undefined, iri('Value_Date', { template_param: '1' }), n('EqualsRelation'), iri('Year_Record')))),
  }),
  item('t-markup', 'action-template', '/HPMS/Templates', 'Markup', {
    rootTerm: n('Action', undefined, n('Template', undefined, n('Parameter', { classLabel: 'IRI', objLabel: '' }),
      n('AssignmentOperation', undefined, n('TemporaryValue', { scope: 'local', dataType: '', name: 'note' }), n('StaticValue', { datatype: 'string', value: 'bad' })))),
  }),
  item('r-iri', 'rule', '/HPMS/Checks', 'IRI Year', {
    rootTerm: n('Rule', undefined, n('RootPredicate', { classLabel: 'IRI', objLabel: '' },
      n('RelationalPredicate', { template_id: 't-year', template_name: 'Same Year', template_type: 'Rule' }, iri('Value_Date'), n('EqualsRelation'), iri('Year_Record')))),
  }),
  item('a-markup', 'action', '/HPMS/Checks', 'Markup IRI', {
    rootTerm: n('Action', undefined, n('RootOperation', { classLabel: 'IRI', objLabel: '' },
      n('SequenceOperation', { template_id: 't-markup', template_name: 'Markup', template_num_params: '1', template_type: 'Action' },
        n('AssignmentOperation', undefined, n('TemporaryValue', { scope: 'local', dataType: '', name: 'note' }), n('NullValue')),
        n('DeleteObjectOperation', { classRef: 'IRI', objRef: '' })))),
  }),
  item('m-iri', 'action-map', '/HPMS/Checks', 'IRI Year', { pairs: [{ rule: 'r-iri', action: 'a-markup' }] }),
  item('d-arnold', 'datastore', '/HPMS', 'ARNOLD', {
    importType: 'Comma Separated Value (CSV)',
    importCredentials: [
      { name: 'Source Files (.csv,.gz,.txt)', datatype: 'upload', value: null, displayValue: 'Sample.csv' },
      { name: 'Field separator', datatype: 'string', value: ',' },
    ],
    importClasses: [{ name: 'Sections', attrs: [
      { dataType: 'fme_real64', mappedType: 'Real', name: 'Shape_Length' },
      { dataType: 'fme_varchar', mappedType: 'String', name: 'Route_ID', params: { length: '80' } },
      { dataType: 'fme_int32', disabled: true, mappedType: 'Integer', name: 'OBJECTID' },
    ] }],
    exportType: 'Esri Geodatabase File (FILEGDB)',
    exportCredentials: [{ name: 'Password', datatype: 'password', value: 's3cret!', displayValue: '' }],
    userDefinedClasses: [{ attrs: [{ dataType: 'Geometry', name: 'geometry' }], name: 'SAMPLE', unMapped: true }],
  }),
  item('s-rules', 'session', '/HPMS', 'HPMS Rules', {
    tasks: [
      { kind: 'OpenData', datastore: 'd-arnold', id: '15d2f9c8', label: '', openedDataBufferDistance: 0, taskIdentifier: '15d2f9c8', topologyEnabled: true },
      { kind: 'CheckRules', id: '3b9da025', label: '', rules: ['r-iri'], taskIdentifier: '3b9da025' },
      { kind: 'ApplyActions', actions: ['a-markup'], id: '7a42630b', taskIdentifier: '7a42630b' },
      { kind: 'ApplyActionMap', actionMap: 'm-iri', id: '7566376a', label: '174', taskIdentifier: '7566376a' },
      { kind: 'BuildTopology', classes: ['ARNOLD', 'NHS'], id: 'f2074807', label: '', model: 'NETWORK', snappingType: 'EDGES_SPLIT_EDGES', taskIdentifier: 'f2074807', tolerance: 0 },
      { kind: 'Pause', id: '95f46b72', label: '425', taskIdentifier: '95f46b72' },
      { kind: 'CopyTo', datastore: 'd-arnold', id: '38e6e028', taskIdentifier: '38e6e028' },
    ],
  }),
];

const meta = (name: string, item = false) => `<Metadata><Name>${name}</Name>${
  item ? `<Description>About ${name}</Description><Comments>Branch: master\nRecent Commits:\n</Comments>` : ''
}<Created><UserDate date="2019-11-03T02:15:18.000Z" user="1Spatial"/></Created><LastEdited><UserDate date="2020-01-02T00:27:15.000Z" user="alice"/></LastEdited></Metadata><IsShortcut>false</IsShortcut>`;
const root = (element: string, name: string, inner: string) =>
  `<${element}><Metadata><Name>${name}</Name><Created><UserDate/></Created><LastEdited><UserDate/></LastEdited></Metadata><IsShortcut>false</IsShortcut>${inner}</${element}>`;
const folder = (element: string, name: string, inner = '') => `<${element}>${meta(name)}${inner}</${element}>`;
const entry = (id: string, body: string) => `<Item id="${id}">${meta(id.split('/').pop()!, true)}${body}</Item>`;

const IRI_YEAR = '<DynamicValue classRef="IRI" objRef="" propName="Value_Date"/><EqualsRelation/><DynamicValue classRef="IRI" objRef="" propName="Year_Record"/>';

export const EXPECTED_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
${root('DataStoreFolder', 'DATASTORE', folder('DataStoreFolder', 'HPMS', entry('DATASTORE://HPMS/ARNOLD', `<DataStore>
  <ImportType>Comma Separated Value (CSV)</ImportType>
  <ImportCredentials>
    <param name="Source Files (.csv,.gz,.txt)" datatype="upload" displayValue="Sample.csv"/>
    <param name="Field separator" datatype="string" value=","/>
  </ImportCredentials>
  <ImportClasses><Class name="Sections">
    <Attribute dataType="fme_real64" mappedType="Real" name="Shape_Length"/>
    <Attribute dataType="fme_varchar" mappedType="String" name="Route_ID"><Property name="params">{"length":"80"}</Property></Attribute>
    <Attribute dataType="fme_int32" mappedType="Integer" name="OBJECTID"><Property name="disabled">true</Property></Attribute>
  </Class></ImportClasses>
  <ExportType>Esri Geodatabase File (FILEGDB)</ExportType>
  <ExportCredentials><param name="Password" datatype="password" displayValue=""/></ExportCredentials>
  <UserDefinedClasses><Class name="SAMPLE"><Attribute dataType="Geometry" name="geometry"/><Property name="unMapped">true</Property></Class></UserDefinedClasses>
</DataStore>`)))}
${root('RuleFolder', 'RULE', folder('RuleFolder', 'HPMS',
  folder('RuleFolder', 'Checks', entry('RULE://HPMS/Checks/IRI Year', `<Rule><RootPredicate classLabel="IRI" objLabel="">
    <RelationalPredicate template_id="RULE://HPMS/Templates/Same Year" template_name="Same Year" template_type="Rule">${IRI_YEAR}</RelationalPredicate>
  </RootPredicate></Rule>`)) +
  folder('RuleFolder', 'Templates', entry('RULE://HPMS/Templates/Same Year', `<Rule><Template><Parameter classLabel="IRI" objLabel=""/>
    <RelationalPredicate><DynamicValue classRef="IRI" objRef="" propName="Value_Date" template_param="1"/><EqualsRelation/><DynamicValue classRef="IRI" objRef="" propName="Year_Record"/></RelationalPredicate>
  </Template></Rule>`))) + folder('RuleFolder', 'Empty'))}
${root('ActionFolder', 'ACTION', folder('ActionFolder', 'HPMS',
  folder('ActionFolder', 'Checks', entry('ACTION://HPMS/Checks/Markup IRI', `<Action><RootOperation classLabel="IRI" objLabel="">
    <SequenceOperation template_id="ACTION://HPMS/Templates/Markup" template_name="Markup" template_num_params="1" template_type="Action">
      <AssignmentOperation><TemporaryValue scope="local" dataType="" name="note"/><NullValue/></AssignmentOperation>
      <DeleteObjectOperation classRef="IRI" objRef=""/>
    </SequenceOperation></RootOperation></Action>`)) +
  folder('ActionFolder', 'Templates', entry('ACTION://HPMS/Templates/Markup', `<Action><Template><Parameter classLabel="IRI" objLabel=""/>
    <AssignmentOperation><TemporaryValue scope="local" dataType="" name="note"/><StaticValue datatype="string" value="bad"/></AssignmentOperation>
  </Template></Action>`))))}
${root('ActionMapFolder', 'ACTION_MAP', folder('ActionMapFolder', 'HPMS', folder('ActionMapFolder', 'Checks', entry('ACTION_MAP://HPMS/Checks/IRI Year',
  '<ActionMap><RuleActionPair><Rule>RULE://HPMS/Checks/IRI Year</Rule><Action>ACTION://HPMS/Checks/Markup IRI</Action></RuleActionPair></ActionMap>'))))}
${root('SessionFolder', 'SESSION', folder('SessionFolder', 'HPMS', entry('SESSION://HPMS/HPMS Rules', `<Session><Tasks>
  <OpenDataTask id="15d2f9c8" label="" taskIdentifier="15d2f9c8"><DataStore>DATASTORE://HPMS/ARNOLD</DataStore>
    <Property name="openedDataBufferDistance">0</Property><Property name="topologyEnabled">true</Property></OpenDataTask>
  <CheckRulesTask id="3b9da025" label="" taskIdentifier="3b9da025"><Rule>RULE://HPMS/Checks/IRI Year</Rule></CheckRulesTask>
  <ApplyActionsTask id="7a42630b" taskIdentifier="7a42630b"><Action>ACTION://HPMS/Checks/Markup IRI</Action></ApplyActionsTask>
  <ApplyActionMapTask id="7566376a" label="174" taskIdentifier="7566376a"><ActionMap>ACTION_MAP://HPMS/Checks/IRI Year</ActionMap></ApplyActionMapTask>
  <BuildTopologyTask id="f2074807" label="" model="NETWORK" snappingType="EDGES_SPLIT_EDGES" taskIdentifier="f2074807">
    <Property name="classes">["ARNOLD","NHS"]</Property><Property name="tolerance">0</Property></BuildTopologyTask>
  <PauseTask id="95f46b72" label="425" taskIdentifier="95f46b72"/>
  <CopyToTask id="38e6e028" taskIdentifier="38e6e028"><DataStore>DATASTORE://HPMS/ARNOLD</DataStore></CopyToTask>
</Tasks></Session>`)))}
</Backup>`;
