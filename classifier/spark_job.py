"""``contentfarm spark-score`` as a script for ``spark-submit``.

spark-submit runs a Python file, not a console command, so this file is the
job's entry point on a cluster; it takes the options of ``contentfarm
spark-score`` (see ``contentfarm spark-score --help`` and README.md, "Scale out on
Spark")::

    spark-submit --master yarn --deploy-mode cluster \\
        --archives contentfarm-env.tar.gz#environment \\
        --conf spark.pyspark.python=./environment/bin/python \\
        --files farm-model.skops \\
        "$(python -c 'import classifier.spark_job as j; print(j.__file__)')" \\
        --paths-from hdfs:///crawl/warc.paths --model farm-model.skops \\
        -o hdfs:///scores/ --partition-by label

Imports are absolute because spark-submit runs this file as a script, outside
its package; ``classifier`` must be importable on the driver and executors
(installed on every node, or a packed virtual environment in ``--archives``).
"""

import sys

from classifier.cli import main

if __name__ == "__main__":
    main(["spark-score", *sys.argv[1:]], prog_name="spark_job.py")
