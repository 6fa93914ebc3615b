import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import path from 'node:path';
import { STRATA_CONFIG, StrataConfig } from '../config/config';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { ViewDatabase } from '../read-model/view-database';
import { Projector } from '../read-model/projector';
import { VersionPreparer } from '../read-model/version-preparer';
import { SecretBox } from '../secrets/secret-box';
import { SECRET_STORE } from '../secrets/secret-store';
import { BlobStore } from '../files/blob-store';
import { createStoreAdapter, type StoreAdapter } from './store-adapter';
import { WriteGate } from './write-gate';
import { ItemStore } from './item-store';
import { HealthHttpController } from './health.http.controller';
import { Instance } from './instance';
import { RepositoryClaims } from './repository-claim';

/** The store and what only it can give (see StoreAdapter); inside CoreModule only. */
const STORE_ADAPTER = Symbol('STORE_ADAPTER');

/** Starts the projector before the app serves, and closes the stores when it stops. */
@Injectable()
class CoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly view: ViewDatabase,
    private readonly projector: Projector,
    private readonly preparer: VersionPreparer,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.projector.stop();
    await this.preparer.close();
    await this.store.close();
    this.view.close();
  }
}

/** The composition of the stores every feature writes to and reads from. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: StrataConfig): DynamicModule {
    const instance = Instance.fromDataDir(config.dataDir);
    return {
      module: CoreModule,
      controllers: [HealthHttpController],
      providers: [
        { provide: STRATA_CONFIG, useValue: config },
        { provide: Instance, useValue: instance },
        { provide: STORE_ADAPTER, useFactory: () => createStoreAdapter(config, instance) },
        { provide: EVENT_STORE, inject: [STORE_ADAPTER], useFactory: (adapter: StoreAdapter) => adapter.events },
        {
          provide: ViewDatabase,
          inject: [STORE_ADAPTER],
          // On the embedded store the view points into the log for item contents (see ViewDatabase).
          useFactory: (adapter: StoreAdapter) => new ViewDatabase(path.join(config.dataDir, 'view.db'), adapter.logFile),
        },
        { provide: VersionPreparer, useFactory: () => new VersionPreparer() },
        {
          provide: Projector,
          inject: [EVENT_STORE, ViewDatabase, VersionPreparer],
          useFactory: (s: EventStore, v: ViewDatabase, p: VersionPreparer) => new Projector(s, v, p),
        },
        {
          provide: SECRET_STORE,
          inject: [STORE_ADAPTER],
          useFactory: (adapter: StoreAdapter) => adapter.secrets(SecretBox.fromConfig(config.secretKey, config.dataDir)),
        },
        { provide: BlobStore, useFactory: () => new BlobStore(config.dataDir) },
        { provide: WriteGate, useValue: new WriteGate() },
        RepositoryClaims,
        ItemStore,
        CoreLifecycle,
      ],
      exports: [STRATA_CONFIG, Instance, EVENT_STORE, ViewDatabase, Projector, SECRET_STORE, BlobStore, WriteGate, RepositoryClaims, ItemStore],
    };
  }
}
