import activation from './activation';
import { allocationControllers } from './allocation';
import { billingControllers } from './billing';
import { channelControllers } from './channels';
import { chargingControllers } from './charging';
import { communityControllers } from './communities';
import { documentControllers } from './documents';
import devices from './devices';
import deviceTypes from './device-types';
import ingestion from './ingestion';
import { memberAdminControllers } from './members';
import settings from './settings';
import usageRecords from './usage-records';
import utilityTypes from './utility-types';
import validation from './validation';

const controllers = {
  activation,
  devices,
  'device-types': deviceTypes,
  ingestion,
  settings,
  'utility-types': utilityTypes,
  ...channelControllers,
  ...billingControllers,
  ...chargingControllers,
  'usage-records': usageRecords,
  ...memberAdminControllers,
  ...allocationControllers,
  ...communityControllers,
  validation,
  ...documentControllers,
};

export default controllers;

type Controllers = typeof controllers;
/** A controller's actions: the object its factory returns. */
type ActionsOf<C> = C extends (...args: never[]) => infer R ? R : C;
/** The controller names (every key of the table above is a string literal). */
type ControllerName = Extract<keyof Controllers, string>;
/** The action names of one controller. */
type ActionName<K extends ControllerName> = Extract<keyof ActionsOf<Controllers[K]>, string>;

/**
 * Every `controller.action` a route may name. Route tables take this type, so a
 * misspelt controller or action fails `tsc` instead of failing Strapi's boot.
 */
export type Handler = { [K in ControllerName]: `${K}.${ActionName<K>}` }[ControllerName];

/** Controllers offering the five CRUD actions (see crud.ts), which crudRoutes may name. */
export type CrudControllerName = {
  [K in ControllerName]: `${K}.${'list' | 'get' | 'create' | 'update' | 'delete'}` extends Handler
    ? K
    : never;
}[ControllerName];
