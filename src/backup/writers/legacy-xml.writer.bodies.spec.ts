import type { BackupItem } from '../backup-item';
import type { RuleNode } from '../../repository/domain/item';
import { writeLegacyXml } from './legacy-xml.writer';
import { collect, sourceOf, xmlTree, type XNode } from './legacy-xml.test-helper';
import { n, template, tree } from './legacy-xml.writer.spec-data';

/**
 * Each body type as 1Integrate itself writes it. The expected XML is copied from the real exports
 * in test/fixtures/1integrate/legacy-xml (file named per case; where an item is long, whole
 * elements are left out of the copy, and two long descriptions are shortened in the item and the
 * copy alike; the end tags of elements that end together share a line; nothing else is changed);
 * the items are written by hand as Strata keeps them (SPEC §3, README "Legacy XML bodies"), not
 * read from those files, so neither the reader nor the writer supplies what is expected of the
 * writer. The Metadata ahead of each body is written out once (`metadata`), in the exports'
 * layout, from the item's own name, texts and stamps (the values of the export); what two bodies
 * share is written out once too, in the item and in the XML alike. Compared element by element:
 * names, attributes, order, text (whitespace between elements aside); an empty Description or
 * Comments is the same as none (SPEC §4 fidelity rule).
 */
describe('writeLegacyXml: every body as in 1Integrate’s own exports', () => {
  /** Created and last edited by `user` (the same user in every case here). */
  const by = (user: string, createdAt: string, lastEditedAt: string) => ({ createdBy: user, createdAt, lastEditedBy: user, lastEditedAt });
  /** An item; what `fields` does not give is empty. */
  const item = (id: string, type: BackupItem['type'], folderPath: string, name: string, fields: Partial<BackupItem> = {}): BackupItem => ({
    id,
    type,
    name,
    folderPath,
    description: '',
    comments: '',
    ...by('', '', ''),
    content: {},
    ...fields,
  });
  const folders = (path: string): BackupItem[] =>
    path
      .split('/')
      .slice(1)
      .map((name, i, all) => item(`f:/${all.slice(0, i + 1).join('/')}`, 'folder', `/${all.slice(0, i).join('/')}`, name));
  /** Referenced items, only so that references have a type and a path to be written as. */
  const stub = (id: string, type: BackupItem['type'], folderPath: string, name: string) => item(id, type, folderPath, name);
  const fn = (fnName: string, ...args: RuleNode[]) => n('BuiltinFnValue', { fnName }, ...args);
  const dyn = (classRef: string, objRef: string, propName: string) => n('DynamicValue', { classRef, objRef, propName });
  const value = (datatype: string, v: string) => n('StaticValue', { datatype, value: v });

  /** The <Item> of `uri` in what the writer writes for these items (and the folders they need). */
  async function written(items: BackupItem[], uri: string): Promise<XNode> {
    const paths = new Set(items.map((i) => i.folderPath).filter((p) => p !== '/'));
    const needed = new Map<string, BackupItem>();
    for (const p of paths) for (const f of folders(p)) needed.set(f.id, f);
    const xml = await collect(writeLegacyXml(sourceOf([...needed.values(), ...items])));
    const found = find(xmlTree(xml), uri);
    if (!found) throw new Error(`no <Item id="${uri}"> in:\n${xml}`);
    return comparable(found);
  }
  const expected = (xml: string) => comparable(xmlTree(xml));
  /** The Metadata and IsShortcut 1Integrate writes ahead of the body of an item or folder. */
  const metadata = (of: BackupItem) => `
                    <Metadata>
                        <Name>${of.name}</Name>
                        <Description>${of.description}</Description>
                        <Comments>${of.comments}</Comments>
                        <Created>
                            <UserDate date="${of.createdAt}" user="${of.createdBy}"/>
                        </Created>
                        <LastEdited>
                            <UserDate date="${of.lastEditedAt}" user="${of.lastEditedBy}"/>
                        </LastEdited></Metadata>
                    <IsShortcut>false</IsShortcut>`;
  /** The <Item> 1Integrate exports for `of` at `uri`: its Metadata, then `body`. */
  const exported = (uri: string, of: BackupItem, body: string) => expected(`<Item id="${uri}">${metadata(of)}${body}</Item>`);

  /**
   * has_kickbacks(geometry, sin(to_radians(12))) = `result`, which both the Rule and the Action
   * test: as Strata keeps it, and as 1Integrate writes it.
   */
  const sine = fn('sin', fn('to_radians', value('integer', '12')));
  const hasKickbacks = (objRef: string, result: string) =>
    n('RelationalPredicate', undefined, fn('has_kickbacks', dyn('', objRef, 'geometry'), sine), n('EqualsRelation'), value('boolean', result));
  const SINE_XML = `
                                        <BuiltinFnValue fnName="sin">
                                            <BuiltinFnValue fnName="to_radians">
                                                <StaticValue datatype="integer" value="12"/>
                                            </BuiltinFnValue></BuiltinFnValue>`;
  const hasKickbacksXml = (objRef: string, result: string) => `
                                <RelationalPredicate>
                                    <BuiltinFnValue fnName="has_kickbacks">
                                        <DynamicValue classRef="" objRef="${objRef}" propName="geometry"/>${SINE_XML}
                                    </BuiltinFnValue>
                                    <EqualsRelation/>
                                    <StaticValue datatype="boolean" value="${result}"/>
                                </RelationalPredicate>`;

  it('Rule (Essential-Geometry-Checks--CheckForKickbacks.xml)', async () => {
    const rule = item('r-kickbacks', 'rule', '/Standard/Essential Geometric Checks', 'Check for Kickbacks', {
      description: 'Checks whether a geometry has any kickbacks.\\n\\nThis rule uses a 12 degree tolerance.',
      ...by('1Spatial', '2017-01-03T01:13:12.000Z', '2018-10-06T11:18:19.000Z'),
      content: { rootTerm: tree('Rule', n('RootPredicate', { classLabel: '', objLabel: 'all' }, hasKickbacks('all', 'false'))) },
    });
    const body = `
                    <Rule>
                        <RootPredicate classLabel="" objLabel="all">${hasKickbacksXml('all', 'false')}
                        </RootPredicate></Rule>`;
    const uri = 'RULE://Standard/Essential Geometric Checks/Check for Kickbacks';
    expect(await written([rule], uri)).toEqual(exported(uri, rule, body));
  });

  it('Action (Essential-Geometry-Fixups--FixKickbacksAction.xml)', async () => {
    const root = n(
      'RootOperation',
      { classLabel: '', objLabel: 'ALL' },
      n(
        'ConditionalOperation',
        undefined,
        hasKickbacks('ALL', 'true'),
        n('AssignmentOperation', undefined, dyn('', 'ALL', 'geometry'), fn('remove_kickbacks', dyn('', 'ALL', 'geometry'), sine)),
      ),
    );
    const action = item('a-kickbacks', 'action', '/Standard/Essential Geometry Fixups', 'Remove_Kickbacks', {
      description: 'Identifies features that has kickbacks and then removes each kickback.',
      ...by('1Spatial', '2017-11-06T08:08:23.000Z', '2018-10-06T03:50:10.000Z'),
      content: { rootTerm: tree('Action', root) },
    });
    const body = `
                    <Action>
                        <RootOperation classLabel="" objLabel="ALL">
                            <ConditionalOperation>${hasKickbacksXml('ALL', 'true')}
                                <AssignmentOperation>
                                    <DynamicValue classRef="" objRef="ALL" propName="geometry"/>
                                    <BuiltinFnValue fnName="remove_kickbacks">
                                        <DynamicValue classRef="" objRef="ALL" propName="geometry"/>${SINE_XML}
                                    </BuiltinFnValue></AssignmentOperation></ConditionalOperation></RootOperation></Action>`;
    const uri = 'ACTION://Standard/Essential Geometry Fixups/Remove_Kickbacks';
    expect(await written([action], uri)).toEqual(exported(uri, action, body));
  });

  it('rule template (HPMS--Rule-HPMS.xml)', async () => {
    const ruleTemplate = item('t-year', 'rule-template', '/HPMS_tc/Cross, LRS, Sample, Length 2018', 'Value_Date is same Year as Year Record', {
      ...by('1Spatial', '2019-11-04T04:01:00.000Z', '2019-11-02T11:54:47.000Z'),
      content: {
        rootTerm: tree(
          'Rule',
          template(
            'IRI',
            n(
              'RelationalPredicate',
              undefined,
              fn('to_real', fn('re_search', fn('to_string', dyn('IRI', '', 'Value_Date')), value('string', '\\d\\d\\d\\d'))),
              n('EqualsRelation'),
              dyn('IRI', '', 'Year_Record'),
            ),
          ),
        ),
      },
    });
    const body = `
                    <Rule>
                        <Template>
                            <Parameter classLabel="IRI" objLabel=""/>
                            <RelationalPredicate>
                                <BuiltinFnValue fnName="to_real">
                                    <BuiltinFnValue fnName="re_search">
                                        <BuiltinFnValue fnName="to_string">
                                            <DynamicValue classRef="IRI" objRef="" propName="Value_Date"/>
                                        </BuiltinFnValue>
                                        <StaticValue datatype="string" value="\\d\\d\\d\\d"/>
                                    </BuiltinFnValue></BuiltinFnValue>
                                <EqualsRelation/>
                                <DynamicValue classRef="IRI" objRef="" propName="Year_Record"/>
                            </RelationalPredicate></Template></Rule>`;
    const uri = 'RULE://HPMS_tc/Cross, LRS, Sample, Length 2018/Value_Date is same Year as Year Record';
    expect(await written([ruleTemplate], uri)).toEqual(exported(uri, ruleTemplate, body));
  });

  it('action template (HPMS--Session-HPMS.xml)', async () => {
    const feature = n('TemporaryValue', { name: 'Feature_Class', scope: 'local', dataType: '' });
    const actionTemplate = item('t-range', 'action-template', '/HPMS/Templates', 'Domain Check - Range', {
      comments: 'Branch: master\nRecent Commits:\n',
      ...by('INTFull', '2020-03-06T08:32:03.000Z', '2020-03-06T08:32:03.000Z'),
      content: {
        rootTerm: tree(
          'Action',
          template(
            'CURVES_E',
            n(
              'SequenceOperation',
              undefined,
              n('AssignmentOperation', undefined, feature, n('ClassValue', { classRef: 'CURVES_E', objRef: '' })),
              n(
                'CreateObjectOperation',
                { classLabel: 'Report', objLabel: '' },
                n(
                  'SequenceOperation',
                  undefined,
                  n('AssignmentOperation', undefined, dyn('Report', '', 'geometry'), dyn('CURVES_E', '', 'geometry')),
                  n(
                    'AssignmentOperation',
                    undefined,
                    dyn('Report', '', 'Note'),
                    n('SummedValue', undefined, feature, value('string', " object's Value_Numeric is not in range.")),
                  ),
                ),
              ),
            ),
          ),
        ),
      },
    });
    const body = `
                    <Action>
                        <Template>
                            <Parameter classLabel="CURVES_E" objLabel=""/>
                            <SequenceOperation>
                                <AssignmentOperation>
                                    <TemporaryValue name="Feature_Class" scope="local" dataType=""/>
                                    <ClassValue classRef="CURVES_E" objRef=""/>
                                </AssignmentOperation>
                                <CreateObjectOperation classLabel="Report" objLabel="">
                                    <SequenceOperation>
                                        <AssignmentOperation>
                                            <DynamicValue classRef="Report" objRef="" propName="geometry"/>
                                            <DynamicValue classRef="CURVES_E" objRef="" propName="geometry"/>
                                        </AssignmentOperation>
                                        <AssignmentOperation>
                                            <DynamicValue classRef="Report" objRef="" propName="Note"/>
                                            <SummedValue>
                                                <TemporaryValue name="Feature_Class" scope="local" dataType=""/>
                                                <StaticValue datatype="string" value=" object's Value_Numeric is not in range."/>
                                            </SummedValue></AssignmentOperation></SequenceOperation></CreateObjectOperation></SequenceOperation></Template></Action>`;
    const uri = 'ACTION://HPMS/Templates/Domain Check - Range';
    expect(await written([actionTemplate], uri)).toEqual(exported(uri, actionTemplate, body));
  });

  it('ActionMap (HPMS--Session-HPMS.xml): pairs by URI', async () => {
    const map = item('m-duplicates', 'action-map', '/HPMS/1 - Arnold (Essential Geometry Checks)', 'Check for Duplicate Features', {
      description: 'Links RULE "Check for Duplicate Features" with ACTION "Markup Duplicate Features"',
      comments: 'Branch: master\\nRecent Commits:\\n',
      ...by('INTFull', '2020-03-06T08:32:04.000Z', '2020-03-06T08:32:04.000Z'),
      content: { pairs: [{ rule: 'r-dup', action: 'a-dup' }] },
    });
    const items = [
      stub('r-dup', 'rule', '/HPMS/1 - Arnold Essential Geometry Checks', 'Check for Duplicate Features'),
      stub('a-dup', 'action', '/HPMS/1 - Arnold (Essential Geometry Checks)', 'Markup Duplicate Features'),
      map,
    ];
    const body = `
                    <ActionMap>
                        <RuleActionPair>
                            <Rule>RULE://HPMS/1 - Arnold Essential Geometry Checks/Check for Duplicate Features</Rule>
                            <Action>ACTION://HPMS/1 - Arnold (Essential Geometry Checks)/Markup Duplicate Features</Action>
                        </RuleActionPair></ActionMap>`;
    const uri = 'ACTION_MAP://HPMS/1 - Arnold (Essential Geometry Checks)/Check for Duplicate Features';
    expect(await written(items, uri)).toEqual(exported(uri, map, body));
  });

  it('DataStore (HPMS--Session-HPMS.xml, "Markup Data": credentials whole, one class of each schema and mapping)', async () => {
    const param = (name: string, datatype: string, v: string | null, displayValue = '') => ({ name, datatype, displayValue, value: v });
    const attr = (name: string, datatype: string, params?: [string, string][]) => ({
      minOccurs: '1',
      maxOccurs: '1',
      name,
      datatype,
      ...(params ? { params: params.map(([p, v]) => ({ name: p, value: v })) } : {}),
    });
    const mapping = (name: string, type: string, indexed = 'false') => ({
      source: name,
      target: name,
      target_type: type,
      disabled: 'false',
      indexed,
      reported: 'false',
    });
    const store = item('d-markup', 'datastore', '/HPMS/HPMS Sample', 'Markup Data', {
      ...by('INTFull', '2020-03-06T08:32:00.000Z', '2020-03-06T10:42:21.000Z'),
      content: {
        importCredentialsType: 'geometry',
        importType: 'Esri Geodatabase File (FILEGDB)',
        importCredentials: [
          param('_connection_use', 'string', 'import'),
          param('Source Files (.gdb)', 'upload', null, 'MarkupReportSchemagdb.zip'),
          param('Timestamp', 'Timestamp', '1585319868291'),
          param('Coordinate Reference System', 'string', ''),
          param('Import FME Log File', 'download', ''),
          param('Allow invalid geometries', 'boolean', 'true'),
          param('Fix ring direction and inclusion errors', 'boolean', 'false'),
          param('Reverse coordinate axis order (y,x)', 'boolean', 'false'),
          param('Clip to envelope', 'boolean', 'false'),
          param('Exposed attributes', 'string', ''),
          param('For X, Y, Z, M data', 'checked_enumeration', ''),
        ],
        exportCredentialsType: 'geometry',
        exportType: 'ESRI Shape (GDAL)',
        exportCredentials: [
          param('_connection_use', 'string', 'export'),
          param('Timestamp', 'Timestamp', ''),
          param('Destination Files (.shp,.shx,.dbf)', 'download', ''),
          param('Force geometry to be written with X, Y, Z, M', 'boolean', 'false'),
          param(
            'Select to use zero instead of NULL or NaN when writing out ignored Z ordinates (if M is the ignored ordinate, this will always write as zero)',
            'boolean',
            'false',
          ),
        ],
        inputSchema: {
          classes: [
            {
              name: 'MARKUP_LINE',
              attrs: [
                attr('class', 'fme_varchar', [['length', '50']]),
                attr('geometry', 'fme_geometry{0}', [
                  ['dimension_count', '2'],
                  ['complex', 'false'],
                  ['type', 'line'],
                  ['srid', ''],
                ]),
                attr('objectid', 'fme_int32'),
              ],
            },
          ],
        },
        outputSchema: { classes: [{ name: 'MARKUP_TABLE', attrs: [attr('class', 'fme_varchar', [['length', '50']])] }] },
        importMapping: {
          fixed_target: 'false',
          classMappings: [
            {
              source: 'MARKUP_LINE',
              target: 'MARKUP_LINE',
              disabled: 'false',
              attributeMappings: [mapping('class', 'String'), mapping('geometry', 'Geometry', 'true')],
            },
          ],
        },
        exportMapping: {
          fixed_target: 'false',
          classMappings: [{ source: 'MARKUP_TABLE', target: 'MARKUP_TABLE', disabled: 'false', attributeMappings: [mapping('class', 'gdal_varchar')] }],
        },
      },
    });
    // The upload param's text in the export, a temporary file's path on the machine that made it
    // (C:\Users\…\upload_….tmp), is left out of the copy: Strata does not keep it (SPEC §4).
    const body = `
                    <DataStore>
                        <ImportCredentials>
                            <Credentials type="geometry" name="Esri Geodatabase File (FILEGDB)">
                                <param name="_connection_use" datatype="string" displayValue="">import</param>
                                <param name="Source Files (.gdb)" datatype="upload" displayValue="MarkupReportSchemagdb.zip"/>
                                <param name="Timestamp" datatype="Timestamp" displayValue="">1585319868291</param>
                                <param name="Coordinate Reference System" datatype="string" displayValue=""/>
                                <param name="Import FME Log File" datatype="download" displayValue=""/>
                                <param name="Allow invalid geometries" datatype="boolean" displayValue="">true</param>
                                <param name="Fix ring direction and inclusion errors" datatype="boolean" displayValue="">false</param>
                                <param name="Reverse coordinate axis order (y,x)" datatype="boolean" displayValue="">false</param>
                                <param name="Clip to envelope" datatype="boolean" displayValue="">false</param>
                                <param name="Exposed attributes" datatype="string" displayValue=""/>
                                <param name="For X, Y, Z, M data" datatype="checked_enumeration" displayValue=""/>
                            </Credentials></ImportCredentials>
                        <ExportCredentials>
                            <Credentials type="geometry" name="ESRI Shape (GDAL)">
                                <param name="_connection_use" datatype="string" displayValue="">export</param>
                                <param name="Timestamp" datatype="Timestamp" displayValue=""/>
                                <param name="Destination Files (.shp,.shx,.dbf)" datatype="download" displayValue=""/>
                                <param name="Force geometry to be written with X, Y, Z, M" datatype="boolean" displayValue="">false</param>
                                <param name="Select to use zero instead of NULL or NaN when writing out ignored Z ordinates (if M is the ignored ordinate, this will always write as zero)" datatype="boolean" displayValue="">false</param>
                            </Credentials></ExportCredentials>
                        <InputSchema>
                            <Schema>
                                <Class name="MARKUP_LINE">
                                    <Attribute minOccurs="1" maxOccurs="1" name="class" datatype="fme_varchar">
                                        <param name="length">50</param>
                                    </Attribute>
                                    <Attribute minOccurs="1" maxOccurs="1" name="geometry" datatype="fme_geometry{0}">
                                        <param name="dimension_count">2</param>
                                        <param name="complex">false</param>
                                        <param name="type">line</param>
                                        <param name="srid"/>
                                    </Attribute>
                                    <Attribute minOccurs="1" maxOccurs="1" name="objectid" datatype="fme_int32"/>
                                </Class></Schema></InputSchema>
                        <OutputSchema>
                            <Schema>
                                <Class name="MARKUP_TABLE">
                                    <Attribute minOccurs="1" maxOccurs="1" name="class" datatype="fme_varchar">
                                        <param name="length">50</param>
                                    </Attribute></Class></Schema></OutputSchema>
                        <ImportMapping>
                            <SchemaMapping fixed_target="false">
                                <SimpleClassMapping source="MARKUP_LINE" target="MARKUP_LINE" disabled="false">
                                    <SimpleAttributeMapping source="class" target="class" target_type="String" disabled="false" indexed="false" reported="false"/>
                                    <SimpleAttributeMapping source="geometry" target="geometry" target_type="Geometry" disabled="false" indexed="true" reported="false"/>
                                </SimpleClassMapping></SchemaMapping></ImportMapping>
                        <ExportMapping>
                            <SchemaMapping fixed_target="false">
                                <SimpleClassMapping source="MARKUP_TABLE" target="MARKUP_TABLE" disabled="false">
                                    <SimpleAttributeMapping source="class" target="class" target_type="gdal_varchar" disabled="false" indexed="false" reported="false"/>
                                </SimpleClassMapping></SchemaMapping></ExportMapping></DataStore>`;
    const uri = 'DATASTORE://HPMS/HPMS Sample/Markup Data';
    expect(await written([store], uri)).toEqual(exported(uri, store, body));
  });

  it('Session (HPMS--Session-HPMS.xml, "HPMS Actions" and "HPMS Rules": one task of each kind)', async () => {
    const data = stub('d-markup', 'datastore', '/HPMS/HPMS Sample', 'Markup Data');
    const map = stub('m-duplicates', 'action-map', '/HPMS/1 - Arnold (Essential Geometry Checks)', 'Check for Duplicate Features');
    const rule = stub('r-dup', 'rule', '/HPMS/1 - Arnold Essential Geometry Checks', 'Check for Duplicate Features');
    const session = item('s-actions', 'session', '/HPMS', 'HPMS Actions', {
      ...by('INTFull', '2020-03-06T08:32:06.000Z', '2020-03-06T10:40:56.000Z'),
      content: {
        priority: '0',
        buffer: '0.0',
        partitioned: 'false',
        productionMode: 'false',
        tasks: [
          {
            kind: 'OpenData',
            label: '1',
            datastore: 'd-markup',
            enableTopology: 'false',
            restrictToOpenedDataExtent: 'false',
            openedDataBufferDistance: '0.0',
          },
          { kind: 'CheckRules', label: '2', conformanceRule: 'r-dup' },
          { kind: 'ApplyActionMap', label: '174', actionMap: 'm-duplicates' },
          {
            kind: 'BuildTopology',
            label: '331',
            modelType: 'NETWORK',
            snappingType: 'EDGES_SPLIT_EDGES',
            tolerance: '0.0',
            classes: ['ARNOLD', 'F_SYSTEM', 'AADT'],
          },
          { kind: 'CopyToData', label: '173', datastore: 'd-markup' },
        ],
      },
    });
    const body = `
                <Session>
                    <Priority>0</Priority>
                    <Buffer>0.0</Buffer>
                    <Partitioned>false</Partitioned>
                    <ProductionMode>false</ProductionMode>
                    <Tasks>
                        <OpenDataTask>
                            <label>1</label>
                            <datastore>DATASTORE://HPMS/HPMS Sample/Markup Data</datastore>
                            <enableTopology>false</enableTopology>
                            <restrictToOpenedDataExtent>false</restrictToOpenedDataExtent>
                            <openedDataBufferDistance>0.0</openedDataBufferDistance>
                        </OpenDataTask>
                        <CheckRulesTask>
                            <label>2</label>
                            <conformanceRule>RULE://HPMS/1 - Arnold Essential Geometry Checks/Check for Duplicate Features</conformanceRule>
                        </CheckRulesTask>
                        <ApplyActionMapTask>
                            <label>174</label>
                            <actionMap>ACTION_MAP://HPMS/1 - Arnold (Essential Geometry Checks)/Check for Duplicate Features</actionMap>
                        </ApplyActionMapTask>
                        <BuildTopologyTask>
                            <label>331</label>
                            <modelType>NETWORK</modelType>
                            <snappingType>EDGES_SPLIT_EDGES</snappingType>
                            <tolerance>0.0</tolerance>
                            <classes>
                                <className>ARNOLD</className>
                                <className>F_SYSTEM</className>
                                <className>AADT</className>
                            </classes></BuildTopologyTask>
                        <CopyToDataTask>
                            <label>173</label>
                            <datastore>DATASTORE://HPMS/HPMS Sample/Markup Data</datastore>
                        </CopyToDataTask></Tasks></Session>`;
    const uri = 'SESSION://HPMS/HPMS Actions';
    expect(await written([data, map, rule, session], uri)).toEqual(exported(uri, session, body));
  });

  it('folders: nested under their type root with their own Metadata (Essential-Geometry-Checks--CheckForKickbacks.xml)', async () => {
    const standard = item('f-standard', 'folder', '/', 'Standard', by('1Spatial', '2017-01-03T01:13:12.000Z', '2017-03-05T01:54:42.000Z'));
    const checks = item('f-checks', 'folder', '/Standard', 'Essential Geometric Checks', {
      description: "1Spatial's standard Essential Geometric Checks",
      ...by('1Spatial', '2017-01-03T01:13:12.000Z', '2017-01-03T01:13:12.000Z'),
    });
    const rule = stub('r-kickbacks', 'rule', '/Standard/Essential Geometric Checks', 'Check for Kickbacks');
    const xml = await collect(writeLegacyXml(sourceOf([standard, checks, rule])));
    const root = xmlTree(xml).children[0];
    const outer = comparable({ ...root.children[2], children: root.children[2].children.filter((c) => c.name !== 'RuleFolder' && c.name !== 'Item') });
    const inner = root.children[2].children.find((c) => c.name === 'RuleFolder')!;
    expect([root.name, outer, comparable({ ...inner, children: inner.children.filter((c) => c.name !== 'Item') })]).toEqual([
      'RuleFolder',
      expected(`<RuleFolder>${metadata(standard)}</RuleFolder>`),
      expected(`<RuleFolder>${metadata(checks)}</RuleFolder>`),
    ]);
  });
});

function find(node: XNode, uri: string): XNode | undefined {
  if (node.name === 'Item' && node.attrs.id === uri) return node;
  for (const child of node.children) {
    const found = find(child, uri);
    if (found) return found;
  }
  return undefined;
}

/** An empty Description or Comments is the same as none; nothing else is left out. */
function comparable(node: XNode): XNode {
  const children = node.children
    .filter((c) => !(node.name === 'Metadata' && (c.name === 'Description' || c.name === 'Comments') && c.text === '' && c.children.length === 0))
    .map(comparable);
  return { ...node, children };
}
