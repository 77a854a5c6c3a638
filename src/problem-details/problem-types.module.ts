import { Module } from '@nestjs/common';
import { ProblemTypesController } from './problem-types.controller.js';

/** Serves the page of each problem type, where the `type` of a problem points. */
@Module({ controllers: [ProblemTypesController] })
export class ProblemTypesModule {}
